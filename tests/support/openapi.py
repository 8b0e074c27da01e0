"""The committed OpenAPI documents (openapi/<api>.json) as validators of requests and answers."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from tests.support.cfn import ROOT

DOCUMENTS = ROOT / "openapi"
JSON = "application/json"


@cache
def document(api: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DOCUMENTS / f"{api}.json").read_text())
    return loaded


def operations(api: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation of the document."""
    return [
        (path, method, operation)
        for path, item in document(api)["paths"].items()
        for method, operation in item.items()
    ]


def operation(api: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = document(api)["paths"][path]["post"]
    return found


def validator(api: str, schema: dict[str, Any]) -> Draft202012Validator:
    """A validator of `schema` whose `#/components/...` references resolve in the document."""
    rooted = {**schema, "components": document(api)["components"]}
    return Draft202012Validator(rooted, format_checker=FormatChecker())


def request_validator(api: str, path: str) -> Draft202012Validator:
    return validator(api, operation(api, path)["requestBody"]["content"][JSON]["schema"])


def problems(api: str, schema: dict[str, Any], instance: Any) -> list[str]:
    return [error.message for error in validator(api, schema).iter_errors(instance)]


def media_type(headers: dict[str, str]) -> str:
    return headers.get("Content-Type", JSON).split(";", 1)[0].strip()


def answer_problems(api: str, path: str, response: dict[str, Any]) -> list[str]:
    """Every way a handler's response differs from what the document says of its status."""
    status = str(response["statusCode"])
    documented = operation(api, path)["responses"]
    if status not in documented:
        return [f"status {status} is not documented"]
    headers = response.get("headers") or {}
    media = media_type(headers)
    content = documented[status]["content"]
    if media not in content:
        return [f"{status} answers {media}; documented: {sorted(content)}"]
    missing = [
        f"header {name} is documented as required"
        for name, header in documented[status].get("headers", {}).items()
        if header.get("required") and name not in headers
    ]
    body = json.loads(response["body"]) if media == JSON else response["body"]
    return missing + problems(api, content[media]["schema"], body)
