"""The field rules the contract models apply beyond their types, as plain functions.

They live apart from the pydantic models (validation.py) because each function's compiled
validator (customer_core.http.compiled) calls them by reference without importing pydantic's
Python package: whatever a contract model checks, its compiled validator checks with the same
function.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticKnownError

from customer_core.domain.email import is_everyday_address


def valid_email(value: str) -> str:
    """Validated as sent and returned unchanged: normalisation is only for the uniqueness key."""
    if is_everyday_address(value):
        return value
    # Anything else gets email-validator's full rules (customer_core.domain.email says why).
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError("invalid email") from error
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


def json_type_name(value: Any) -> str:
    """Which member of pydantic's `JsonValue` union validates `value`: what pydantic's own
    discriminator (pydantic.types._get_type_name) answers, tested against it."""
    kind = type(value)
    if kind in _JSON_TYPES:
        return kind.__name__
    for base in (int, float, str, list, dict):
        if isinstance(value, base):
            return base.__name__
    return getattr(kind, "__name__", "<no type name>")


_JSON_TYPES = {int, float, str, bool, list, dict, type(None)}


# Length limits that pydantic applies in Python, after a type's own validators (a `Field`
# length on NonBlankStr or Email): the same errors as pydantic's (pydantic._internal.
# _validators), which a compiled schema cannot import; tested against them.
def max_length(value: Any, max_length: int) -> Any:
    if len(value) > max_length:
        raise PydanticKnownError(
            "too_long",
            {"field_type": "Value", "max_length": max_length, "actual_length": len(value)},
        )
    return value


def min_length(value: Any, min_length: int) -> Any:
    if len(value) < min_length:
        raise PydanticKnownError(
            "too_short",
            {"field_type": "Value", "min_length": min_length, "actual_length": len(value)},
        )
    return value
