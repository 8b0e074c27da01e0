"""The body checks skip their walks when the text alone shows no limit can be broken
(customer_core.http.checks `_may_exceed`): over hostile JSON texts, each
API's limits give the same answer (the same value, or the same refusal) with and without the
shortcut."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from customer_core.domain.errors import RequestRejected
from customer_core.http import checks
from hypothesis import given
from hypothesis import strategies as st

from ops import apis
from tests.support.hostile import deep_nesting, json_trees, write_json

LIMITS = [checks.DEFAULT_LIMITS] + [
    importlib.import_module(f"{api.package}.contract").LIMITS for api in apis.apis()
]
texts = st.one_of(
    json_trees.map(write_json),
    st.integers(1, 12).map(deep_nesting),
    st.sampled_from(['"\\ud800"', '["\\uDFFF"]', '"\\ud83d\\ude00"', '["\\\\ud800"]']),
)


def _answer(text: str, limits: checks.BodyLimits) -> Any:
    try:
        return ("value", checks.json_value(text.encode("utf-8", "surrogatepass"), limits))
    except RequestRejected as refused:
        return ("refused", refused.reason)
    except UnicodeEncodeError:
        return ("unencodable",)


@pytest.mark.parametrize("limits", LIMITS, ids=lambda limits: f"depth{limits.max_depth}")
def test_the_shortcut_never_changes_an_answer(
    limits: checks.BodyLimits, monkeypatch: pytest.MonkeyPatch
) -> None:
    @given(text=texts)
    def same(text: str) -> None:
        fast = _answer(text, limits)
        with monkeypatch.context() as patched:
            patched.setattr(checks, "_may_exceed", lambda *_: True)
            slow = _answer(text, limits)
        assert repr(fast) == repr(slow)  # repr: NaN-free here, and -0.0 vs 0.0 stays visible

    same()
    for text in _at_the_limits(limits):
        same.hypothesis.inner_test(text)  # type: ignore[attr-defined]


def _at_the_limits(limits: checks.BodyLimits) -> list[str]:
    """Texts just within and just beyond each limit the shortcut reasons about."""
    found = []
    for size in (limits.max_string_length, limits.max_string_length + 1):
        found.append(f'["{"x" * size}"]')
    for items in (limits.max_array_items, limits.max_array_items + 1):
        found.append("[" + ",".join(["1"] * items) + "]")
    for members in (limits.max_object_members, limits.max_object_members + 1):
        found.append("{" + ",".join(f'"k{n}":1' for n in range(members)) + "}")
    for depth in (limits.max_depth, limits.max_depth + 1):
        found.append(deep_nesting(depth))
    return found
