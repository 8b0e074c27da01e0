"""Demo credentials for each API on the local stack, and .local/stack.json."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ops import apis, credentials, redeploy
from ops.count import clients as count_clients
from ops.local.process import (
    ANSWER_TIMEOUT_S,
    ENDPOINT,
    REGION,
    STACK_FILE,
    THROTTLE,
    say,
)
from ops.stack import outputs
from ops.xclade import tokens as xclade_jwt

# Demo identities of the local stack: one xclade admin user (on the shared usage plan, as every
# actor without a key of its own) and one COUNT team, whose client is registered on each run.
XCLADE_DEMO_ACTOR = "user_local_demo"
COUNT_DEMO_TEAM = "team_local_demo"


@dataclass(frozen=True)
class DeployedApi:
    stack: str
    api_id: str
    outputs: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The form every HTTP client can reach (`{id}.execute-api.localhost` is curl-only)."""
        return f"{ENDPOINT}/restapis/{self.api_id}/{redeploy.STAGE}/_user_request_{path}"


@dataclass(frozen=True)
class LocalApi:
    """An API of ops.apis as the local stack serves it."""

    api: apis.Api
    # Demo credentials and anything else a client needs: the rest of its stack.json entry.
    provision: Callable[[DeployedApi], dict[str, Any]]
    sample_event: str  # events/<...>.json whose body the printed curl command sends
    signed: bool = False  # requests carry a signature over the body (COUNT's scheme)

    @property
    def name(self) -> str:  # its key in stack.json
        return self.api.name

    @property
    def path(self) -> str:  # the create route under the stage
        return self.api.routes[0]

    @property
    def alias_path(self) -> str | None:  # a second route to the same create (`aliasUrl`)
        return self.api.routes[1] if len(self.api.routes) > 1 else None


def _apigateway() -> Any:
    import boto3

    return boto3.client("apigateway")


def deployed_throttle(usage_plan_id: str) -> dict[str, float]:
    """The limits the gateway enforces, read back from the deployed usage plan."""
    throttle = _apigateway().get_usage_plan(usagePlanId=usage_plan_id).get("throttle", {})
    # The API returns the rate as a float; 10.0 reads better as 10.
    return {
        name: int(value) if float(value).is_integer() else float(value)
        for name, value in ((k, throttle.get(k)) for k in ("rateLimit", "burstLimit"))
        if value is not None
    }


def plan_holding_key(api_id: str, key_id: str) -> str | None:
    """The usage plan of `api_id` that `key_id` is a member of. (MiniStack ignores the `keyId`
    filter of GetUsagePlans, so membership is checked plan by plan.)"""
    apigateway = _apigateway()
    for plan in apigateway.get_usage_plans().get("items", []):
        if api_id not in {stage.get("apiId") for stage in plan.get("apiStages", [])}:
            continue
        members = apigateway.get_usage_plan_keys(usagePlanId=plan["id"]).get("items", [])
        if key_id in {member["id"] for member in members}:
            return str(plan["id"])
    return None


def provision_axim(api: DeployedApi) -> dict[str, Any]:
    issued = credentials.issue_token(
        stack=api.stack,
        api="axim",
        name="Local demo client",
        principal_id=None,
        principal_type="api_client",
    )
    # MiniStack ignores ApiKeySourceType AUTHORIZER: the usage-plan key is sent as x-api-key.
    return {
        "headers": {"accessToken": issued.token, "x-api-key": issued.api_key_value},
        "principalId": issued.principal_id,
    }


def provision_xclade(api: DeployedApi) -> dict[str, Any]:
    """A day-long admin JWT for the demo actor, signed with the key in the stack's secret. The
    actor has no key of its own, so the authorizer names the shared plan's key: that is the
    x-api-key MiniStack needs."""
    minted = xclade_jwt.mint(
        stack=api.stack,
        actor_id=XCLADE_DEMO_ACTOR,
        ttl=xclade_jwt.DEFAULT_TTL,
        secret=None,
        own_key=False,
    )
    shared_plan = plan_holding_key(api.api_id, api.outputs["XcladeSharedApiKeyId"])
    return {
        "headers": {"Authorization": f"Bearer {minted.token}", "x-api-key": minted.apiKeyValue},
        "jwtSecret": xclade_jwt.stack_secret(api.stack),
        "actorId": minted.actorId,
        "expiresAt": minted.expiresAt,
        # `throttle` is the per-actor plan (actors given --own-usage-key); the demo actor is here:
        "sharedThrottle": deployed_throttle(shared_plan) if shared_plan else None,
    }


def provision_count(api: DeployedApi) -> dict[str, Any]:
    """A new client in the demo team (each run: a secret is shown only once) and its token."""
    client = count_clients.register_client(
        stack=api.stack, team_id=COUNT_DEMO_TEAM, name="Local demo client"
    )
    issued = count_clients.issue_token(stack=api.stack, client_id=client.client_id)
    return {
        "headers": {"Authorization": f"Bearer {issued.token}", "x-api-key": client.api_key_value},
        "clientId": client.client_id,
        "clientSecret": client.client_secret,
        "teamId": client.team_id,
        "apiKeyId": client.api_key_id,
    }


# One provisioner per API of ops.apis (tests/unit/test_api_registry.py holds them equal).
PROVISIONERS: dict[str, tuple[Callable[[DeployedApi], dict[str, Any]], str, bool]] = {
    "axim": (provision_axim, "axim/create-customer-sample", False),
    "xclade": (provision_xclade, "xclade/create-customer-valid", False),
    "count": (provision_count, "count/create-customer-sample", True),
}


def local_apis() -> tuple[LocalApi, ...]:
    found = []
    for api in apis.apis():
        provisioner, sample_event, signed = PROVISIONERS[api.name]
        found.append(LocalApi(api, provisioner, sample_event, signed))
    return tuple(found)


def provision(stack: str) -> dict[str, Any]:
    """stack.json's content: one entry per API whose stack outputs exist, and the limits."""
    stack_outputs = outputs(stack)
    described: dict[str, Any] = {
        "endpoint": ENDPOINT,
        "region": REGION,
        "stack": stack,
        "throttle": dict(THROTTLE),
    }
    if "CustomerEventsTapQueueUrl" in stack_outputs:
        # customer.created: the bus, and the tap queue its rule sends every event to.
        described["events"] = {
            "busName": stack_outputs["CustomerEventBusName"],
            "queueUrl": stack_outputs["CustomerEventsTapQueueUrl"],
        }
    for local_api in local_apis():
        api_id = stack_outputs.get(local_api.api.output("ApiId"))
        if api_id is None:
            continue
        deployed = DeployedApi(stack=stack, api_id=api_id, outputs=stack_outputs)
        say(f"{local_api.name}: issuing demo credentials")
        plan_id = stack_outputs[local_api.api.output("UsagePlanId")]
        entry: dict[str, Any] = {"url": deployed.url(local_api.path)}
        if local_api.alias_path:
            entry["aliasUrl"] = deployed.url(local_api.alias_path)
        described[local_api.name] = {
            **entry,
            "apiId": api_id,
            "usagePlanId": plan_id,
            "throttle": deployed_throttle(plan_id),
            **local_api.provision(deployed),
        }
    return described


def write_stack_file(described: dict[str, Any]) -> None:
    partial = STACK_FILE.with_suffix(".json.partial")
    partial.write_text(json.dumps(described, indent=2) + "\n")
    partial.chmod(0o600)  # it holds live demo credentials
    partial.replace(STACK_FILE)


def api_entries(described: dict[str, Any]) -> Iterator[tuple[LocalApi, dict[str, Any]]]:
    for local_api in local_apis():
        if local_api.name in described:
            yield local_api, described[local_api.name]


# An empty object: every function refuses it with 400 after authentication, writing nothing.
PROBE_BODY = b"{}"


def probe_headers(local_api: LocalApi, entry: dict[str, Any]) -> dict[str, str]:
    """The entry's headers; for a signed API also the probe's signature, made for each attempt
    (the same signature sent again would be refused as a replay)."""
    headers: dict[str, str] = entry["headers"]
    if not local_api.signed:
        return headers
    signed = count_clients.signed_headers(
        client_id=entry["clientId"],
        secret=entry["clientSecret"],
        method="POST",
        path=local_api.path,
        body=PROBE_BODY,
        token=headers["Authorization"].removeprefix("Bearer "),
    )
    return {**headers, **signed}


def _status_of(url: str, headers: dict[str, str]) -> int | None:
    request = urllib.request.Request(  # noqa: S310 - a local http URL we built
        url, data=PROBE_BODY, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our local http URL  # nosec B310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


def wait_until_answering(described: dict[str, Any]) -> None:
    """Each API answers an empty object through authorizer and function, without a 5xx (a
    validation 400 writes nothing; COUNT's is signed, so its whole authentication runs). The
    first call also starts the functions' workers."""
    deadline = time.monotonic() + ANSWER_TIMEOUT_S
    for local_api, entry in api_entries(described):
        while (
            status := _status_of(entry["url"], probe_headers(local_api, entry))
        ) is None or status >= 500:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{local_api.name} does not answer: last status {status}")
            time.sleep(1)
        say(f"{local_api.name} answers ({status} to an empty body)")
