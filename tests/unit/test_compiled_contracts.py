"""The functions validate with compiled core schemas (customer_core.http.compiled): each must be
what its contract model generates now, validate exactly as the model does, and keep pydantic's
Python package out of a function's process.

- drift: each API's committed compiled.py is what `python -m ops compile-contracts` writes;
- the same answers: bodies built by hypothesis (the API's sample with one path changed, any
  JSON value, duplicate keys) give the same issues, or the same fields, from the contract model
  and from its compiled validator;
- the substitutes for pydantic's own Python validators (rules.json_type_name, max_length,
  min_length) answer as pydantic's do;
- a fresh interpreter that imports a create function and validates a good and a bad body has
  not imported `pydantic`.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from typing import Annotated, Any

import pytest
from customer_core.domain.errors import InvalidBody
from customer_core.http import rules
from customer_core.http.compiled import CompiledModel, Validated, issues_of
from customer_core.http.validation import StrictModel
from hypothesis import given
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel, ValidationError, field_validator
from pydantic._internal import _validators
from pydantic.types import _get_type_name

from ops import apis
from ops.contracts import _render, _Source, compiled_source, constant_name, target
from ops.template import ROOT, default_environment
from tests.support.hostile import json_trees, mutated_bodies

API_NAMES = apis.names()


def _compiled(api: str) -> list[tuple[type[BaseModel], CompiledModel[Any]]]:
    package = apis.api(api).package
    contract = importlib.import_module(f"{package}.contract")
    compiled = importlib.import_module(f"{package}.compiled")
    pairs = []
    for name in contract.COMPILED_MODELS:
        pairs.append((getattr(contract, name), getattr(compiled, constant_name(name))))
    return pairs


def _sample(api: str) -> dict[str, Any]:
    event = json.loads((apis.api(api).events_dir / "create-customer-sample.json").read_text())
    body: dict[str, Any] = json.loads(event["body"])
    return body


def _plain(value: Any) -> Any:
    """A validated value as plain data, whether pydantic's model or the compiled light class."""
    if isinstance(value, BaseModel | Validated):
        return {
            "__class__": type(value).__name__,
            **{key: _plain(item) for key, item in vars(value).items()},
        }
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _both(model: type[BaseModel], compiled: CompiledModel[Any], value: Any) -> None:
    try:
        expected: Any = ("valid", _plain(model.model_validate(value)))
    except ValidationError as error:
        expected = ("invalid", issues_of(error))
    try:
        answered: Any = ("valid", _plain(compiled.parse(value)))
    except InvalidBody as error:
        answered = ("invalid", error.issues)
    assert answered == expected


@pytest.mark.parametrize("api", API_NAMES)
def test_committed_compiled_module_is_what_the_models_generate(api: str) -> None:
    path = target(apis.api(api))
    assert path.read_text() == compiled_source(apis.api(api)), (
        f"{path.relative_to(ROOT)} is out of date: run `python -m ops compile-contracts`"
    )


@pytest.mark.parametrize("api", API_NAMES)
def test_every_compiled_model_validates_as_its_contract_model(api: str) -> None:
    sample = _sample(api)
    pairs = _compiled(api)
    assert pairs, f"{api}: its contract lists no COMPILED_MODELS"

    @given(text=mutated_bodies(sample))
    def same_answers(text: str) -> None:
        value = json.loads(text)
        for model, compiled in pairs:
            _both(model, compiled, value)

    same_answers()
    for model, compiled in pairs:  # the sample itself, both ways valid for the request model
        _both(model, compiled, sample)


@given(value=json_trees)
def test_json_type_name_is_pydantics_discriminator(value: Any) -> None:
    assert rules.json_type_name(value) == _get_type_name(value)


@given(
    value=st.one_of(st.text(max_size=12), st.lists(st.integers(), max_size=12)),
    limit=st.integers(0, 10),
)
def test_length_limits_fail_as_pydantics(value: Any, limit: int) -> None:
    for ours, theirs, keyword in (
        (rules.max_length, _validators.max_length_validator, "max_length"),
        (rules.min_length, _validators.min_length_validator, "min_length"),
    ):
        outcomes: list[tuple[Any, ...]] = []
        for check in (ours, theirs):
            try:
                outcomes.append(("ok", check(value, **{keyword: limit})))
            except Exception as error:  # PydanticKnownError: compare what it says
                outcomes.append((type(error).__name__, str(error), getattr(error, "context", None)))
        assert outcomes[0] == outcomes[1]


_NO_PYDANTIC = """
import json, sys
from customer_core.domain.errors import InvalidBody
from customer_core.http.compiled import CompiledModel
handler = __import__(sys.argv[1], fromlist=["lambda_handler"])
compiled = __import__(sys.argv[2], fromlist=["x"])
parsers = [value for value in vars(compiled).values() if isinstance(value, CompiledModel)]
assert parsers
for parse in parsers:
    try:
        parse.parse(json.loads(sys.argv[3]))
    except InvalidBody:
        pass
    try:
        parse.parse({"unknown": [1, {"x": None}]})
    except InvalidBody as error:
        handler.ERRORS.response_for(error)
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] == "pydantic")))
"""


@pytest.mark.parametrize("api", API_NAMES)
def test_a_create_function_runs_without_pydantic(api: str) -> None:
    described = apis.api(api)
    environment = {
        **os.environ,
        **default_environment(described.create_function.logical_id, "test"),
        "POWERTOOLS_TRACE_DISABLED": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(  # noqa: S603 - our interpreter, our code
        [
            sys.executable,
            "-c",
            _NO_PYDANTIC,
            f"{described.package}.handler",
            f"{described.package}.compiled",
            json.dumps(_sample(api)),
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [], "pydantic was imported"


@pytest.mark.parametrize(
    ("package", "document", "model"),
    [
        ("axim_api", "CustomerDocument", "CustomerData"),
        ("axim_api", "CreatedBy", "CreatedBy"),
        ("count_api", "CustomerDocument", "CustomerData"),
        ("count_api", "Contact", "Contact"),
        ("xclade_api", "Customer", "Customer"),
    ],
)
def test_plain_documents_have_the_contract_models_fields_in_order(
    package: str, document: str, model: str
) -> None:
    """The documents a function builds without pydantic (document.py) name the contract
    model's fields in its order (the answers are also checked against the models' schemas)."""
    typed = getattr(importlib.import_module(f"{package}.document"), document)
    contract = getattr(importlib.import_module(f"{package}.contract"), model)
    assert list(typed.__annotations__) == list(contract.model_fields)


def test_the_compiler_refuses_what_a_function_could_not_run_without_pydantic() -> None:
    """A method validator, or a function of a module that imports pydantic, cannot be called
    from compiled.py without pydantic's package: the compiler says so instead of writing it."""

    class WithMethod(StrictModel):
        name: str

        @field_validator("name")
        @classmethod
        def _check(cls, value: str) -> str:
            return value

    def local_rule(value: str) -> str:
        return value

    class WithLocalFunction(StrictModel):
        name: Annotated[str, AfterValidator(local_rule)]

    class WithPydanticFunction(StrictModel):
        name: Annotated[str, AfterValidator(_validators.forbid_inf_nan_check)]

    for model, says in (
        (WithMethod, "module-level functions only"),
        (WithLocalFunction, "module-level functions only"),
        (WithPydanticFunction, "does not import pydantic"),
    ):
        with pytest.raises(TypeError, match=says):
            _render(model.__pydantic_core_schema__, _Source())
