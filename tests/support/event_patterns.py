"""EventBridge / Lambda filter-pattern matching, for the parts of the syntax our patterns use:
nested objects, a list of allowed values (OR), exact strings and `{"prefix": …}`.

Used to hold the event source mapping's FilterCriteria (template.yaml) against real stream
records: neither moto (its TestEventPattern answers no result) nor MiniStack's mapping can be
asked for a verdict through a public API. Any other operator raises, so a pattern that grows
beyond this subset fails the test rather than matching wrongly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    for key, expected in pattern.items():
        if key not in event:
            return False
        value = event[key]
        if isinstance(expected, Mapping):
            if not isinstance(value, Mapping) or not matches(expected, value):
                return False
        elif isinstance(expected, list):
            if not any(_allowed(option, value) for option in expected):
                return False
        else:
            raise ValueError(f"a pattern's leaf must be a list, got {expected!r}")
    return True


def _allowed(option: Any, value: Any) -> bool:
    if isinstance(option, Mapping):
        if set(option) != {"prefix"}:
            raise ValueError(f"operator not supported here: {option!r}")
        return isinstance(value, str) and value.startswith(option["prefix"])
    if isinstance(option, (str, int, float, bool)) or option is None:
        return bool(option == value)
    raise ValueError(f"unsupported pattern value {option!r}")
