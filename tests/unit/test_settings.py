"""Each function reads its environment once, at cold start, into frozen settings that name
exactly the variables template.yaml gives it; a missing one stops it at init, named."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from customer_core.settings import FunctionSettings, MissingSettings

from ops import apis
from ops.local import sam_local
from ops.template import function_environment


def settings_of(function: apis.Function) -> FunctionSettings:
    settings = importlib.import_module(function.module).settings
    assert isinstance(settings, FunctionSettings)
    return settings


@pytest.mark.parametrize("function", apis.functions(), ids=lambda f: f.logical_id)
def test_settings_name_exactly_the_variables_the_template_gives(function: apis.Function):
    declared = set(type(settings_of(function)).variables().values())
    # The endpoint variables are botocore's own (declared for sam local invoke, empty on AWS).
    given = function_environment(function.logical_id) - set(sam_local.ENDPOINT_VARIABLES)
    assert declared == given


@pytest.mark.parametrize("function", apis.functions(), ids=lambda f: f.logical_id)
def test_settings_are_frozen(function: apis.Function):
    settings = settings_of(function)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.log_level = "DEBUG"  # type: ignore[misc]


@pytest.mark.parametrize("function", apis.functions(), ids=lambda f: f.logical_id)
def test_a_missing_variable_stops_the_function_at_init_naming_it(function: apis.Function):
    kind = type(settings_of(function))
    environment = {variable: "x" for variable in kind.variables().values()}
    for variable in environment:
        with pytest.raises(MissingSettings, match=variable):
            kind.from_environment({k: v for k, v in environment.items() if k != variable})
