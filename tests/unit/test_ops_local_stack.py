"""The local stack's pure parts: parameter overrides, URLs, stack.json entries, curl commands."""

from __future__ import annotations

import json
import shlex
from typing import Any

from ops import local_stack
from tests.support import events
from tests.support.cfn import template


def test_every_throttle_parameter_of_the_template_gets_the_local_limits() -> None:
    overrides = local_stack.throttle_overrides(template()["Parameters"])

    assert "AximRateLimit=10" in overrides
    assert "AximBurstLimit=20" in overrides
    declared = [p for p in template()["Parameters"] if p.endswith(("RateLimit", "BurstLimit"))]
    assert len(overrides) == len(declared)


def test_local_url_is_the_form_any_http_client_reaches() -> None:
    deployed = local_stack.DeployedApi(stack="customer-api", api_id="abc123")

    assert deployed.url("/customers") == (
        f"{local_stack.ENDPOINT}/restapis/abc123/v1/_user_request_/customers"
    )
    assert local_stack.ENDPOINT.startswith("http://127.0.0.1:")


def test_each_local_api_names_a_stack_output_and_a_sample_event() -> None:
    output_keys = set(template()["Outputs"])
    for local_api in local_stack.LOCAL_APIS:
        assert local_api.api_id_output in output_keys
        api, name = local_api.sample_event.split("/")
        assert events.body_of(events.load(api, name))


def test_curl_command_sends_the_entry_headers_and_the_sample_body() -> None:
    axim = local_stack.LOCAL_APIS[0]
    entry: dict[str, Any] = {
        "url": "http://127.0.0.1:4566/restapis/x/v1/_user_request_/customers",
        "headers": {"accessToken": "tok en", "x-api-key": "key"},
    }

    words = shlex.split(local_stack.curl_command(axim, entry))

    assert words[words.index("-X") + 1 : words.index("-X") + 3] == ["POST", entry["url"]]
    assert "accessToken: tok en" in words
    assert "x-api-key: key" in words
    body = words[words.index("-d") + 1]
    assert json.loads(body) == events.body_of(events.load("axim", "create-customer-sample"))
