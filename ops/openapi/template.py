"""What template.yaml says of an API's routes, stage and gateway responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ops.openapi.description import ROOT, Answer

TEMPLATE = ROOT / "template.yaml"
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


@cache
def template() -> dict[str, Any]:
    """template.yaml as data; `!Ref X` reads as {"Ref": X}, other intrinsics as None."""
    import yaml  # dev dependency: the operator commands run from .venv

    class _Loader(yaml.SafeLoader):
        pass

    def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if suffix == "Ref" and isinstance(node, yaml.ScalarNode):
            return {"Ref": loader.construct_scalar(node)}
        return None

    _Loader.add_multi_constructor("!", _intrinsic)
    loaded: dict[str, Any] = yaml.load(TEMPLATE.read_text(), Loader=_Loader)  # noqa: S506 - a SafeLoader
    return loaded


def _resources() -> dict[str, Any]:
    resources: dict[str, Any] = template()["Resources"]
    return resources


def routes(handler: str) -> list[Route]:
    """The API routes of the function whose Handler is `handler`."""
    found = []
    for resource in _resources().values():
        properties = resource.get("Properties") or {}
        if resource["Type"] != "AWS::Serverless::Function" or properties.get("Handler") != handler:
            continue
        for event_id, event in (properties.get("Events") or {}).items():
            if event["Type"] == "Api":
                api = event["Properties"]
                found.append(
                    Route(event_id, api["Path"], api["Method"].lower(), api["RestApiId"]["Ref"])
                )
    if not found:
        raise LookupError(f"template.yaml has no API route for the handler {handler}")
    return found


def stage(rest_api: str) -> str:
    name: str = _resources()[rest_api]["Properties"]["StageName"]
    return name


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
