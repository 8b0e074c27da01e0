"""The --env-vars files for `sam local invoke`: every function of the template, every variable
the template gives it (with its deployed value), and an endpoint for every AWS service the
functions call."""

from __future__ import annotations

import re

import boto3
import pytest

from ops import apis
from ops.local import sam_local
from ops.local.process import PORT
from ops.template import ROOT, function_environment

FUNCTION_IDS = [function.logical_id for function in apis.functions()]


def deployed(extra: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """What a deployment gives each function: its template variables, valued, and more."""
    return {
        logical_id: {
            **{name: f"{logical_id}:{name}" for name in function_environment(logical_id)},
            **(extra or {}),
        }
        for logical_id in FUNCTION_IDS
    }


def test_every_function_gets_every_template_variable_with_its_deployed_value():
    content = sam_local.env_vars(deployed({"AWS_LAMBDA_LOG_FORMAT": "JSON"}), "http://h:1")

    assert list(content) == FUNCTION_IDS
    for logical_id, variables in content.items():
        template_variables = function_environment(logical_id) - set(sam_local.ENDPOINT_VARIABLES)
        assert template_variables
        # Declared in the template (empty) so that SAM applies the file's values to them.
        assert set(sam_local.ENDPOINT_VARIABLES) <= function_environment(logical_id)
        assert set(variables) == template_variables | set(sam_local.ENDPOINT_VARIABLES)
        for name in template_variables:
            assert variables[name] == f"{logical_id}:{name}"
        for name in sam_local.ENDPOINT_VARIABLES:
            assert variables[name] == "http://h:1"


def test_a_function_deployed_without_a_template_variable_is_an_error():
    incomplete = deployed()
    del incomplete["AximCreateCustomerFunction"]["CUSTOMER_TABLE_NAME"]
    with pytest.raises(LookupError, match=r"AximCreateCustomerFunction.*CUSTOMER_TABLE_NAME"):
        sam_local.env_vars(incomplete, "http://h:1")


def test_the_files_point_at_the_local_stack_as_a_container_reaches_it():
    endpoints = {path.name: endpoint for path, endpoint in sam_local.ENV_FILES.items()}
    assert endpoints == {
        "env.json": f"http://host.docker.internal:{PORT}",
        "env.host-network.json": f"http://127.0.0.1:{PORT}",
    }


def test_there_is_an_endpoint_variable_for_every_service_the_functions_call():
    core = ROOT / "layers" / "core" / "customer_core"
    services = {
        match
        for source in core.rglob("*.py")
        for match in re.findall(r'service_client\("([a-z-]+)"\)', source.read_text())
    }
    assert services
    variables = set()
    for service in services:
        client = boto3.client(service, region_name="us-east-1")
        service_id = client.meta.service_model.service_id
        variables.add("AWS_ENDPOINT_URL_" + str(service_id).upper().replace(" ", "_"))
    assert variables == set(sam_local.ENDPOINT_VARIABLES)
