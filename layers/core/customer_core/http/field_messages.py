"""Validation issues in words: `[{"field": "address[0].zipcode", "message": "..."}]`.

Each API words its issues its own way; the shared English for the common pydantic kinds is here,
and an API passes only the wording it changes or adds. A template may use `{name}` (the field's
dotted path) and any key of the issue's context (e.g. `{max_length}`, `{expected}`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypedDict

from customer_core.domain.errors import FieldIssue


class FieldError(TypedDict):
    """One entry of an error body's `errors` list (the contracts' validation.FieldError)."""

    field: str
    message: str


def dotted_path(location: tuple[str | int, ...]) -> str:
    """`("address", 0, "zipcode")` → `address[0].zipcode`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


COMMON_WORDING: Mapping[str, str] = {
    "missing": "{name} is required.",
    "extra_forbidden": "{name} is not an allowed field.",
    "string_type": "{name} must be a string.",
    "bool_type": "{name} must be a boolean.",
    "list_type": "{name} must be an array.",
    "model_type": "{name} must be an object.",
    "dict_type": "{name} must be an object.",
    "model_attributes_type": "{name} must be an object.",
    "literal_error": "{name} must be one of: {expected}.",
    "value_error:invalid email": "{name} must be a valid email address.",
}


def field_message(issue: FieldIssue, wording: Mapping[str, str] | None = None) -> str:
    name = dotted_path(issue.location)
    template = (wording or {}).get(issue.kind) or COMMON_WORDING.get(issue.kind)
    if template is not None:
        return template.format(name=name, **issue.context)
    if issue.kind.startswith("value_error:"):
        # Our own validators' ValueError text names the rule.
        return f"{name}: {issue.kind.removeprefix('value_error:')}."
    return f"{name}: {issue.message}."


def field_errors(
    issues: Iterable[FieldIssue], wording: Mapping[str, str] | None = None
) -> list[FieldError]:
    return [
        {"field": dotted_path(issue.location), "message": field_message(issue, wording)}
        for issue in issues
    ]
