"""The local stack's pure parts: parameter overrides, URLs, stack.json entries, curl commands."""

from __future__ import annotations

import json
import shlex
from typing import Any

from ops import apis
from ops.local import commands, deploy, process, provision
from tests.support import events
from tests.support.cfn import template


def test_every_throttle_parameter_of_the_template_gets_the_local_limits() -> None:
    overrides = deploy.throttle_overrides(template()["Parameters"])

    assert "AximRateLimit=10" in overrides
    assert "AximBurstLimit=20" in overrides
    # The stage's bucket, shared by every client, stays above one client's.
    assert "AximStageRateLimit=20" in overrides
    assert "AximStageBurstLimit=40" in overrides
    declared = [p for p in template()["Parameters"] if p.endswith(("RateLimit", "BurstLimit"))]
    assert len(overrides) == len(declared)


def test_local_url_is_the_form_any_http_client_reaches() -> None:
    deployed = provision.DeployedApi(stack="customer-api", api_id="abc123")

    assert deployed.url("/customers") == (
        f"{process.ENDPOINT}/restapis/abc123/v1/_user_request_/customers"
    )
    assert process.ENDPOINT.startswith("http://127.0.0.1:")


def test_each_local_api_names_a_stack_output_and_a_sample_event() -> None:
    output_keys = set(template()["Outputs"])
    for local_api in provision.local_apis():
        assert local_api.api.output("ApiId") in output_keys
        api, name = local_api.sample_event.split("/")
        assert events.body_of(events.load(api, name))


def test_every_usage_plan_throttle_is_a_parameter_the_local_stack_overrides() -> None:
    # xclade's shared plan and COUNT's plan included: a limit the local stack does not set would
    # keep its AWS default (COUNT's burst of 100) and the e2e bursts would never reach a 429.
    overridden = {
        name.split("=")[0] for name in deploy.throttle_overrides(template()["Parameters"])
    }
    plans = {
        logical_id: resource["Properties"]["Throttle"]
        for logical_id, resource in template()["Resources"].items()
        if resource["Type"] == "AWS::ApiGateway::UsagePlan"
    }

    assert set(plans) >= {
        "AximUsagePlan",
        "XcladeUsagePlan",
        "XcladeSharedUsagePlan",
        "CountUsagePlan",
    }
    for logical_id, throttle in plans.items():
        for limit in ("RateLimit", "BurstLimit"):
            assert throttle[limit]["Ref"] in overridden, (logical_id, limit)


def test_every_local_api_names_its_usage_plan_output() -> None:
    output_keys = set(template()["Outputs"])
    names = [local_api.name for local_api in provision.local_apis()]

    assert names == list(apis.names())
    for local_api in provision.local_apis():
        assert local_api.api.output("UsagePlanId") in output_keys


def test_curl_command_sends_the_entry_headers_and_the_sample_body() -> None:
    axim = provision.local_apis()[0]
    entry: dict[str, Any] = {
        "url": "http://127.0.0.1:4566/restapis/x/v1/_user_request_/customers",
        "headers": {"accessToken": "tok en", "x-api-key": "key"},
    }

    ((url, command),) = commands.curl_commands(axim, entry)
    words = shlex.split(command)

    assert url == entry["url"]
    assert words[words.index("-X") + 1 : words.index("-X") + 3] == ["POST", entry["url"]]
    assert "accessToken: tok en" in words
    assert "x-api-key: key" in words
    body = words[words.index("-d") + 1]
    assert json.loads(body) == events.body_of(events.load("axim", "create-customer-sample"))


def test_count_curl_commands_sign_at_paste_time_on_both_routes() -> None:
    count = next(api for api in provision.local_apis() if api.name == "count")
    base = "http://127.0.0.1:4566/restapis/x/v1/_user_request_"
    entry: dict[str, Any] = {
        "url": f"{base}/",
        "aliasUrl": f"{base}/partners/customers",
        "headers": {"Authorization": "Bearer tok", "x-api-key": "key"},
        "clientId": "cli_1",
        "clientSecret": "s3cret",
    }

    printed = commands.curl_commands(count, entry, body='{"a": 1}')

    assert [url for url, _ in printed] == [entry["url"], entry["aliasUrl"]]
    for (_, command), path in zip(printed, ["/", "/partners/customers"], strict=True):
        # No signature is computed now: the command runs the sign helper when pasted.
        assert "x-signature" not in command
        assert "Authorization" not in command
        signer = command[command.index("@<(") + 3 : command.rindex(")")]
        words = shlex.split(signer.split("&&", 1)[1])
        assert words[words.index("sign") - 3 : words.index("sign")] == ["-m", "ops", "count"]
        assert words[words.index("--path") + 1] == path
        assert words[words.index("--body") + 1] == '{"a": 1}'
        assert "COUNT_CLIENT_SECRET=s3cret" in words
        assert "COUNT_ACCESS_TOKEN=tok" in words
        assert shlex.split(command[command.rindex(")") + 1 :]) == ["--data-binary", '{"a": 1}']
