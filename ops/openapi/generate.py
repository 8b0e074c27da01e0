"""Build each API's OpenAPI 3.1 document from its description (ops/<api>/openapi.py), its
contract models, template.yaml and the shared core's HTTP rules, and write openapi/<api>.json."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from customer_core.http import checks
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from ops import apis
from ops.local.process import HOST
from ops.openapi import samples, template
from ops.openapi.description import (
    ROOT,
    Answer,
    ApiDescription,
    SchemaSource,
    Status,
    fixture_body,
)

OUT_DIR = ROOT / "openapi"
OPENAPI_VERSION = "3.1.0"
JSON = "application/json"
REF_TEMPLATE = "#/components/schemas/{model}"

HEADER_DESCRIPTIONS = {
    "Retry-After": "Seconds to wait before sending the request again.",
}


def api_names() -> list[str]:
    return sorted(apis.names())


def description_of(api: str) -> ApiDescription:
    """The API's description: `describe()` of ops/<api>/openapi.py."""
    module = importlib.import_module(f"ops.{api}.openapi")
    described: ApiDescription = module.describe()
    return described


def render(api: str) -> str:
    """The document as written to openapi/<api>.json."""
    return json.dumps(document(description_of(api)), indent=2, ensure_ascii=False) + "\n"


def write_all() -> list[str]:
    OUT_DIR.mkdir(exist_ok=True)
    written = []
    for api in api_names():
        path = OUT_DIR / f"{api}.json"
        path.write_text(render(api))
        written.append(str(path.relative_to(ROOT)))
    return written


# --- the document ------------------------------------------------------------------------------


def document(api: ApiDescription) -> dict[str, Any]:
    routes = template.routes(apis.api(api.name))
    rest_api = routes[0].rest_api
    schemas = _Schemas(api)
    gateway = template.gateway_answers(rest_api, dict(api.gateway_context))
    responses = _responses(api, gateway, schemas)
    sample_body = fixture_body(api.name, "create-customer-sample")
    paths: dict[str, Any] = {}
    for route in routes:
        operation = samples.Operation(
            api.title, route.method, route.path, sample_body, api.credentials
        )
        paths.setdefault(route.path, {})[route.method] = {
            "operationId": route.event_id[0].lower() + route.event_id[1:],
            "summary": api.operation_summary,
            "description": api.operation_description,
            "tags": [api.title],
            "parameters": [*api.parameters, _idempotency_key()],
            "requestBody": _request_body(api, schemas),
            "responses": responses,
            "x-codeSamples": samples.code_samples(operation),
        }
    rate_limits = _rate_limits(rest_api)
    body_limits = _body_limits(api.name)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": api.title,
            "version": api.version,
            "description": api.description + "\n\n" + _limits_section(rate_limits, body_limits),
            "x-rateLimits": rate_limits,
            "x-bodyLimits": body_limits,
        },
        "servers": _servers(api, rest_api),
        "security": [{name: [] for name in api.security_schemes}],
        "tags": [{"name": api.title}],
        "paths": paths,
        "components": {
            "schemas": schemas.components(),
            "securitySchemes": dict(api.security_schemes),
        },
    }


def _rate_limits(rest_api: str) -> list[dict[str, Any]]:
    """The usage plans' and the stage's throttles, at template.yaml's parameter defaults (a
    deployment may set others)."""
    return [
        {
            "scope": "stage" if throttle.scope == "stage" else "usagePlan",
            "plan": throttle.scope,
            "description": throttle.description,
            "rateLimit": throttle.rate,
            "burstLimit": throttle.burst,
            "parameters": [throttle.rate_parameter, throttle.burst_parameter],
        }
        for throttle in template.throttles(rest_api)
    ]


def _limits_section(rate_limits: list[dict[str, Any]], body: dict[str, Any]) -> str:
    lines = [
        "## Limits",
        "",
        "Requests per second (steady rate) and burst, at the template's defaults (a deployment "
        "may set others: the parameters named). Past them the answer is 429 with `Retry-After`.",
        "",
        "| applies to | rate (requests/s) | burst | parameters |",
        "|---|---|---|---|",
        *(
            f"| {limit['description']} | {limit['rateLimit']} | {limit['burstLimit']} | "
            + ", ".join(f"`{name}`" for name in limit["parameters"])
            + " |"
            for limit in rate_limits
        ),
        "",
        "Request body: " + _body_limits_text(body),
    ]
    return "\n".join(lines)


def _servers(api: ApiDescription, rest_api: str) -> list[dict[str, Any]]:
    stage = template.stage(rest_api)
    return [
        {
            "url": f"https://{{restApiId}}.execute-api.{{region}}.amazonaws.com/{stage}",
            "description": f"The API deployed by `sam deploy` (stage `{stage}`).",
            "variables": {
                "restApiId": {"default": "abc123defg", "description": "The REST API's id."},
                "region": {"default": "us-east-1", "description": "The stack's AWS region."},
            },
        },
        dict(api.custom_domain),
        {
            "url": (f"http://{HOST}:{{port}}/restapis/{{restApiId}}/{stage}/_user_request_"),
            "description": (
                "The local stack (`make local-up`; `.local/stack.json` holds each API's id)."
            ),
            "variables": {
                "port": {"default": "4566", "description": "LOCAL_STACK_PORT."},
                "restApiId": {"default": "abc123defg", "description": "From .local/stack.json."},
            },
        },
    ]


def _idempotency_key() -> dict[str, Any]:
    return {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": (
            "The same key with the same body within 24 hours answers the first response again "
            "without creating a second customer; the same key with another body is refused "
            "(409). Keys are scoped to the API and the caller."
        ),
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": checks.MAX_IDEMPOTENCY_KEY_LENGTH,
            "pattern": r"^[\x20-\x7E]+$",
        },
    }


def _body_limits(api: str) -> dict[str, Any]:
    """The API's body limits (its contract's LIMITS, checked before validation)."""
    contract = importlib.import_module(f"{api}_api.contract")
    limits: checks.BodyLimits = getattr(contract, "LIMITS", checks.DEFAULT_LIMITS)
    return {
        "maxBytes": limits.max_bytes,
        "maxDepth": limits.max_depth,
        "maxStringLength": limits.max_string_length,
        "maxArrayItems": limits.max_array_items,
        "maxObjectMembers": limits.max_object_members,
        "maxInteger": limits.max_integer,
    }


def _body_limits_text(limits: dict[str, Any]) -> str:
    return (
        f"A JSON object of at most {limits['maxBytes'] // 1024} KiB in UTF-8, sent as "
        "`Content-Type: application/json`. "
        f"Arrays and objects nest at most {limits['maxDepth']} levels (the body is level 1), "
        f"strings (member names too) are at most {limits['maxStringLength']} characters, arrays "
        f"hold at most {limits['maxArrayItems']} items and objects at most "
        f"{limits['maxObjectMembers']} members, integers are within ±{limits['maxInteger']} and "
        "decimals finite; duplicate member names and lone surrogates are refused. Beyond these "
        "the answer is 400."
    )


def _request_body(api: ApiDescription, schemas: _Schemas) -> dict[str, Any]:
    return {
        "required": True,
        "description": _body_limits_text(_body_limits(api.name)),
        "content": {
            JSON: {
                "schema": schemas.ref(api.request_model),
                "examples": {
                    example.name: {
                        "summary": example.summary,
                        "value": fixture_body(api.name, example.fixture),
                    }
                    for example in api.request_examples
                },
            }
        },
    }


def _responses(
    api: ApiDescription, gateway: list[Answer], schemas: _Schemas
) -> dict[str, dict[str, Any]]:
    declared = {status.code for status in api.statuses}
    undeclared = sorted({answer.status for answer in gateway} - declared)
    if undeclared:
        raise ValueError(f"{api.name}: gateway responses answer undeclared statuses {undeclared}")
    return {
        str(status.code): _response(
            api,
            status,
            [*status.answers, *(a for a in gateway if a.status == status.code)],
            schemas,
        )
        for status in sorted(api.statuses, key=lambda status: status.code)
    }


def _response(
    api: ApiDescription, status: Status, answers: list[Answer], schemas: _Schemas
) -> dict[str, Any]:
    if not answers:
        raise ValueError(f"{api.name}: status {status.code} has no answer to show")
    wrong = [answer.name for answer in answers if answer.status != status.code]
    if wrong:
        raise ValueError(f"{api.name}: answers {wrong} are not {status.code}")
    answers = _distinct(answers)
    sources = status.schemas or {JSON: api.error_model}
    content: dict[str, Any] = {}
    for answer in answers:
        media = _media_type(answer)
        if media not in sources:
            raise ValueError(f"{api.name}: {answer.name} answers {media}, not documented")
        entry = content.setdefault(media, {"schema": None, "examples": {}})
        entry["examples"][answer.name] = {"summary": answer.summary, "value": _body(answer)}
    for media, entry in content.items():
        examples = [example["value"] for example in entry["examples"].values()]
        entry["schema"] = _enumerated(schemas.ref(sources[media]), status.enumerate, examples)
    response: dict[str, Any] = {"description": status.description}
    headers = _headers(answers)
    if headers:
        response["headers"] = headers
    response["content"] = content
    return response


def _distinct(answers: Iterable[Answer]) -> list[Answer]:
    """One example per distinct answer (several gateway responses render the same body)."""
    kept: dict[str, Answer] = {}
    for answer in answers:
        key = json.dumps([answer.response["headers"], answer.response["body"]], sort_keys=True)
        if key in kept:
            first = kept[key]
            kept[key] = Answer(first.name, f"{first.summary}; {answer.summary}", first.response)
        else:
            kept[key] = answer
    return list(kept.values())


def _media_type(answer: Answer) -> str:
    content_type = dict(answer.response["headers"]).get("Content-Type", JSON)
    return str(content_type).split(";", 1)[0].strip()


def _body(answer: Answer) -> Any:
    body = answer.response["body"]
    return json.loads(body) if _media_type(answer) == JSON else body


def _headers(answers: list[Answer]) -> dict[str, Any]:
    """Every header the answers carry beyond Content-Type; required where all carry it."""
    values: dict[str, list[str]] = {}
    for answer in answers:
        for name, value in answer.response["headers"].items():
            if name.lower() != "content-type":
                values.setdefault(name, []).append(value)
    return {
        name: {
            "description": HEADER_DESCRIPTIONS.get(name, name),
            "required": len(seen) == len(answers),
            "schema": {"type": "string"},
            "example": seen[0],
        }
        for name, seen in sorted(values.items())
    }


def _enumerated(
    schema: dict[str, Any], properties: tuple[str, ...], bodies: list[Any]
) -> dict[str, Any]:
    """The schema with the listed properties' values (as the answers give them) enumerated;
    a property no answer has stays as the model says."""
    if not properties:
        return schema
    enums = {
        name: sorted({body[name] for body in bodies if isinstance(body, dict) and name in body})
        for name in properties
    }
    listed = {name: {"enum": values} for name, values in enums.items() if values}
    return {"allOf": [schema, {"properties": listed}]} if listed else schema


class _Schemas:
    """JSON Schemas of every contract model the document names, shared in components/schemas:
    requests as pydantic validates them, responses as pydantic serialises them."""

    def __init__(self, api: ApiDescription) -> None:
        models: list[tuple[type[BaseModel], Any]] = [(api.request_model, "validation")]
        sources = [
            api.error_model,
            *(s for st in api.statuses for s in (st.schemas or {}).values()),
        ]
        for source in sources:
            if isinstance(source, type) and (source, "serialization") not in models:
                models.append((source, "serialization"))
        refs, definitions = models_json_schema(models, ref_template=REF_TEMPLATE)
        self._refs = {model: ref for (model, _), ref in refs.items()}
        self._definitions: dict[str, Any] = definitions.get("$defs", {})

    def ref(self, source: SchemaSource) -> dict[str, Any]:
        if isinstance(source, type):
            return dict(self._refs[source])
        return dict(source)

    def components(self) -> dict[str, Any]:
        return {name: _tidy(self._definitions[name]) for name in sorted(self._definitions)}


def _tidy(schema: Any) -> Any:
    """Pydantic's schemas without what would mislead a reader: generated `title`s (they repeat
    the field names), `default: null` on fields that are never null (`SkipJsonSchema[None]`:
    absent when there is nothing to say), and the notes for maintainers that follow the first
    paragraph of a model's docstring."""
    if isinstance(schema, Mapping):
        never_null = "type" in schema and schema["type"] != "null"
        return {
            key: _first_paragraph(value) if key == "description" else _tidy(value)
            for key, value in schema.items()
            if not (key == "title" and isinstance(value, str))
            and not (key == "default" and value is None and never_null)
        }
    if isinstance(schema, list):
        return [_tidy(item) for item in schema]
    return schema


def _first_paragraph(text: Any) -> Any:
    return text.split("\n\n", 1)[0] if isinstance(text, str) else _tidy(text)
