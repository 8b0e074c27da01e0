"""What template.yaml says of an API's routes, stage and gateway responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ops import apis
from ops.apis import Api
from ops.openapi.description import Answer
from ops.template import template

GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse"
HEADER_PREFIX = "gatewayresponse.header."
# Responses without a fixed status: the status their documented example is given.
DEFAULT_RESPONSE_STATUS = {"DEFAULT_4XX": 403, "DEFAULT_5XX": 500}


@dataclass(frozen=True)
class Route:
    event_id: str  # the function event's logical id (the operation's id)
    path: str
    method: str
    rest_api: str  # logical id of the AWS::Serverless::Api


def _resources() -> dict[str, Any]:
    resources: dict[str, Any] = template()["Resources"]
    return resources


def routes(api: Api) -> list[Route]:
    """The API's routes: its create function's Api events."""
    properties = _resources()[api.create_function.logical_id]["Properties"]
    found = [
        Route(event_id, route["Path"], route["Method"].lower(), route["RestApiId"]["Ref"])
        for event_id, event in (properties.get("Events") or {}).items()
        if event["Type"] == "Api"
        for route in (event["Properties"],)
    ]
    if not found:
        raise LookupError(f"template.yaml has no API route for {api.create_function.logical_id}")
    return found


def stage(rest_api: str) -> str:
    name: str = _resources()[rest_api]["Properties"]["StageName"]
    return name


def identity_headers(api: str) -> list[str]:
    """The headers the API's authorizer reads (its identity sources)."""
    rest_api = routes(apis.api(api))[0].rest_api
    authorizers = _resources()[rest_api]["Properties"]["Auth"]["Authorizers"]
    return [header for spec in authorizers.values() for header in spec["Identity"]["Headers"]]


def parameter_default(name: str) -> str:
    return str(template()["Parameters"][name]["Default"])


def gateway_answers(rest_api: str, context: dict[str, str]) -> list[Answer]:
    """Every gateway response of the API as the answer a client gets, `$context` variables
    filled in from `context`."""
    answers = []
    for resource in _resources().values():
        properties = resource.get("Properties") or {}
        if resource["Type"] != GATEWAY_RESPONSE or properties["RestApiId"] != {"Ref": rest_api}:
            continue
        kind = properties["ResponseType"]
        status = int(properties.get("StatusCode") or DEFAULT_RESPONSE_STATUS[kind])
        headers = {
            name.removeprefix(HEADER_PREFIX): value.strip("'")
            for name, value in (properties.get("ResponseParameters") or {}).items()
            if name.startswith(HEADER_PREFIX)
        }
        body = _filled(properties["ResponseTemplates"]["application/json"], context)
        if headers.get("Content-Type", "application/json") == "application/json":
            json.loads(body)  # a template that renders no JSON is a broken contract
        answers.append(
            Answer(
                name=f"gateway-{kind.lower().replace('_', '-')}",
                summary=f"API Gateway ({kind})",
                response={"statusCode": status, "headers": headers, "body": body},
            )
        )
    return answers


def _filled(body: str, context: dict[str, str]) -> str:
    for variable, value in context.items():
        body = body.replace(variable, value)
    if "$context" in body:
        raise ValueError(f"no example value for a variable of the gateway response {body}")
    return body


@dataclass(frozen=True)
class Throttle:
    """A usage plan's or the stage's throttle: its template parameters and their defaults."""

    scope: str  # the usage plan's logical id, or "stage"
    description: str
    rate_parameter: str
    burst_parameter: str

    @property
    def rate(self) -> float:
        return _number(parameter_default(self.rate_parameter))

    @property
    def burst(self) -> int:
        return int(_number(parameter_default(self.burst_parameter)))


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def throttles(rest_api: str) -> list[Throttle]:
    """The usage plans on the API's stage (per client), then the stage's own throttle (all
    clients together), as template.yaml defines them."""
    found = []
    for logical_id, resource in _resources().items():
        properties = resource.get("Properties") or {}
        if resource["Type"] != "AWS::ApiGateway::UsagePlan":
            continue
        if not any(stage["ApiId"] == {"Ref": rest_api} for stage in properties["ApiStages"]):
            continue
        throttle = properties["Throttle"]
        found.append(
            Throttle(
                logical_id,
                properties.get("Description", ""),
                throttle["RateLimit"]["Ref"],
                throttle["BurstLimit"]["Ref"],
            )
        )
    for setting in _resources()[rest_api]["Properties"].get("MethodSettings") or []:
        found.append(
            Throttle(
                "stage",
                "All clients together, per method (the stage's own throttle)",
                setting["ThrottlingRateLimit"]["Ref"],
                setting["ThrottlingBurstLimit"]["Ref"],
            )
        )
    return found
