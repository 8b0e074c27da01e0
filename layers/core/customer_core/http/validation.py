"""Pydantic building blocks shared by the contract models, and the bridge from pydantic's errors
to API-neutral FieldIssues that each API words in its own vocabulary."""

from __future__ import annotations

import os
from typing import Annotated, Any, TypeVar

# We ship no pydantic plugins: without this, the first model scans every installed distribution's
# entry points for them (~7 ms of each cold start, measured by `make bench`).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from customer_core.domain.email import is_everyday_address
from customer_core.domain.errors import FieldIssue, InvalidBody

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown fields are errors; strings are never coerced from numbers or booleans."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _email(value: str) -> str:
    # Validated as sent and returned unchanged: normalisation is only for the uniqueness key.
    if is_everyday_address(value):
        return value
    # Anything else gets email-validator's full rules (customer_core.domain.email says why).
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError("invalid email") from error
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


# The JSON Schema hints say in the published contract (openapi/) what the validators check; they
# add no validation of their own.
Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
NonBlankStr = Annotated[
    str, AfterValidator(_not_blank), Field(json_schema_extra={"minLength": 1, "pattern": r"\S"})
]


def parse_model(model: type[Model], body: Any) -> Model:
    """Validate a JSON value against a contract model; InvalidBody lists every issue."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise InvalidBody(issues_of(error)) from None


def issues_of(error: ValidationError) -> list[FieldIssue]:
    issues = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        message = str(detail.get("msg", ""))
        if kind == "value_error":
            # Our validators' ValueError text names the rule ("invalid email", "blank", ...).
            cause = detail.get("ctx", {}).get("error")
            kind = f"value_error:{cause}" if cause is not None else kind
        issues.append(
            FieldIssue(
                location=tuple(detail["loc"]),
                kind=kind,
                message=message,
                input=detail.get("input"),
                context={k: v for k, v in (detail.get("ctx") or {}).items() if k != "error"},
            )
        )
    return issues


def dotted_path(location: tuple[str | int, ...]) -> str:
    """`("address", 0, "zipcode")` → `address[0].zipcode`."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path
