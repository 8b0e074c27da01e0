"""Request validation at run time without pydantic's Python package.

The contract models (each API's contract.py) are pydantic models: they define the API, its
OpenAPI document and the tests. Importing pydantic and building those models costs a function
about 80 ms of CPU at every cold start (docs/performance.md), while the validation itself is done
by pydantic-core from the core schema pydantic builds. So `python -m ops compile-contracts`
writes each model's core schema as a Python literal (each API's `compiled.py`, checked against
the models by tests/unit/test_compiled_contracts.py), and a function validates with that schema
in pydantic-core: the same validator, errors included, for ~10 ms of import and 3-7 ms to build
(`make bench`'s init stages). It is built at import, like the AWS clients: the same cold start on
demand, and nothing left for a provisioned environment's first request.

A validated model arrives as an instance of a light class of the model's name (a `Validated`)
holding the same fields as attributes; the handlers type it as the contract model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from pydantic_core import SchemaValidator, ValidationError

from customer_core.domain.errors import FieldIssue, InvalidBody

Model = TypeVar("Model")


class Validated:
    """What pydantic-core's model validator fills in: the fields as the instance's `__dict__`
    (so `vars()` is exactly the fields, in the model's order) and its bookkeeping in slots."""

    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__name__}({fields})"


def fields_of(model: Any) -> dict[str, Any]:
    """A validated model's fields as a new dict, in the model's order: the same for a
    `Validated` (its `__dict__` holds only fields) and for the pydantic model it stands for."""
    return dict(vars(model))


def validated_class(name: str) -> type[Validated]:
    """The run-time class of the contract model `name` (its name appears in type errors)."""
    return type(name, (Validated,), {"__slots__": ()})


class CompiledModel(Generic[Model]):
    """A contract model's validator, built from its compiled core schema."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self._validator = SchemaValidator(schema)

    def parse(self, value: Any) -> Model:
        """`value` validated (as `Model.model_validate` would); InvalidBody lists every issue."""
        try:
            validated: Model = self._validator.validate_python(value)
        except ValidationError as error:
            raise InvalidBody(issues_of(error)) from None
        return validated


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
