"""Pydantic building blocks shared by the contract models (each API's contract.py), and the one
place a request value is validated against a contract model.

A contract model is a pydantic model: it validates at run time, it is the published schema
(ops/openapi) and the tests' oracle. Pydantic builds each model's validator when its class is
defined, so a function pays for it at init (importing its contract module), never in a request.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, TypeVar

# We ship no pydantic plugins: without this, the first model scans every installed distribution's
# entry points for them (~7 ms, measured by `make bench`).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from customer_core.domain.email import is_everyday_address
from customer_core.domain.errors import FieldIssue, InvalidBody

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown fields are errors; strings are never coerced from numbers or booleans."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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


# The JSON Schema hints say in the published contract (openapi/) what the validators check; they
# add no validation of their own.
Email = Annotated[str, AfterValidator(valid_email), Field(json_schema_extra={"format": "email"})]
NonBlankStr = Annotated[
    str, AfterValidator(not_blank), Field(json_schema_extra={"minLength": 1, "pattern": r"\S"})
]


# Built at run time as customer_core.http.field_messages.FieldError (its TypedDict twin).
class FieldError(StrictModel):
    """One entry of an error body's `errors` list."""

    field: str
    message: str


def validate(model: type[Model], value: Any) -> Model:
    """`value` (a parsed JSON value) validated by the contract model; InvalidBody lists every
    issue, in the model's field order."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise InvalidBody(issues_of(error)) from None


def issues_of(error: ValidationError) -> list[FieldIssue]:
    """Pydantic's errors as FieldIssues: each API words them (customer_core.http.field_messages)."""
    issues = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        if kind == "value_error":
            # Our validators' ValueError text names the rule ("invalid email", "blank", ...).
            cause = detail.get("ctx", {}).get("error")
            kind = f"value_error:{cause}" if cause is not None else kind
        issues.append(
            FieldIssue(
                location=tuple(detail["loc"]),
                kind=kind,
                message=str(detail.get("msg", "")),
                input=detail.get("input"),
                context={k: v for k, v in (detail.get("ctx") or {}).items() if k != "error"},
            )
        )
    return issues
