"""Pydantic building blocks shared by the contract models (each API's contract.py).

The rules themselves are plain functions (rules.py), so that the functions' compiled validators
(compiled.py) apply them without importing pydantic.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, TypeVar

# We ship no pydantic plugins: without this, the first model scans every installed distribution's
# entry points for them (~7 ms, measured by `make bench`).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from customer_core.domain.errors import InvalidBody
from customer_core.http.compiled import issues_of
from customer_core.http.rules import not_blank, valid_email

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown fields are errors; strings are never coerced from numbers or booleans."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# The JSON Schema hints say in the published contract (openapi/) what the validators check; they
# add no validation of their own.
Email = Annotated[str, AfterValidator(valid_email), Field(json_schema_extra={"format": "email"})]
NonBlankStr = Annotated[
    str, AfterValidator(not_blank), Field(json_schema_extra={"minLength": 1, "pattern": r"\S"})
]


# Built at run time as field_messages.FieldError (a TypedDict, no pydantic).
class FieldError(StrictModel):
    """One entry of an error body's `errors` list."""

    field: str
    message: str


def parse_model(model: type[Model], body: Any) -> Model:
    """Validate a JSON value against a contract model; InvalidBody lists every issue."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise InvalidBody(issues_of(error)) from None
