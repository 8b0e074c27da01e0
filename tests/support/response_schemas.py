"""What each API documents of its answers, as JSON Schemas per status, for the generated tests.

The source is the API's OpenAPI document (openapi/<api>.json) when the repository has one; until
then the same contract models the documents are generated from (the pydantic success models)
and each API's error envelope, written here once. Either way: the statuses a function may give,
the media type of each, and a validator of its body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from tests.support.cfn import ROOT

JSON = "application/json"
DOCUMENTS = ROOT / "openapi"


@dataclass(frozen=True)
class Answer:
    media_type: str
    schema: dict[str, Any] | None  # None: not JSON (xclade's text/plain 401)


def _envelope(required: dict[str, Any], optional: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **optional},
        "additionalProperties": False,
    }


def _rooted(model_schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = dict(model_schema)
    return schema, schema.pop("$defs", {})


def _with_defs(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "$defs": defs} if defs else schema


def _from_models(api: str) -> dict[int, Answer]:
    text = {"type": "string"}
    if api == "axim":
        from axim_api.contract import CustomerData

        data, defs = _rooted(CustomerData.model_json_schema())
        created = _envelope({"success": {"const": True}, "message": text, "data": data}, {})
        error = _envelope(
            {"success": {"const": False}, "message": text},
            {"errors": {"type": "array", "items": {"type": "object"}}},
        )
        success = 201
    elif api == "xclade":
        from xclade_api.contract import Customer

        customer, defs = _rooted(Customer.model_json_schema())
        customer.pop("required", None)  # `fields` selects which ones are answered
        created = _envelope({"customer": customer}, {})
        error = _envelope({"type": text, "message": text}, {"code": text})
        success = 200
    elif api == "count":
        from count_api.contract import CustomerData as CountCustomer

        data, defs = _rooted(CountCustomer.model_json_schema())
        created = _envelope({"status": {"const": "success"}, "message": text, "data": data}, {})
        error = _envelope(
            {"status": {"const": "error"}, "message": text, "code": text},
            {
                "details": {"type": "object"},
                "errors": {"type": "array", "items": {"type": "object"}},
            },
        )
        success = 201
    else:  # pragma: no cover - a new API brings its OpenAPI document
        raise AssertionError(f"no response schemas for {api}: add openapi/{api}.json")
    answers = {status: Answer(JSON, _with_defs(error, defs)) for status in (400, 401, 409, 500)}
    answers[success] = Answer(JSON, _with_defs(created, defs))
    if api == "xclade":
        answers[401] = Answer("text/plain", None)
    return answers


def _from_document(api: str, path: str) -> dict[int, Answer]:
    document = json.loads((DOCUMENTS / f"{api}.json").read_text())
    responses = document["paths"][path]["post"]["responses"]
    answers = {}
    for status, response in responses.items():
        for media_type, content in response.get("content", {}).items():
            schema = content.get("schema")
            rooted = {**schema, "components": document.get("components", {})} if schema else None
            answers[int(status)] = Answer(media_type, rooted if media_type == JSON else None)
    return answers


@cache
def documented(api: str, path: str) -> dict[int, Answer]:
    if (DOCUMENTS / f"{api}.json").exists():
        return _from_document(api, path)
    return _from_models(api)


def answer_problems(api: str, path: str, response: dict[str, Any]) -> list[str]:
    """Every way a function's answer differs from what its API documents for the status; the
    body must also be strict RFC 8259 JSON (no NaN/Infinity) and encodable as UTF-8."""
    status = int(response["statusCode"])
    answers = documented(api, path)
    if status not in answers:
        return [f"status {status} is not documented (documented: {sorted(answers)})"]
    answer = answers[status]
    media = (response.get("headers") or {}).get("Content-Type", "").split(";")[0].strip()
    if media != answer.media_type:
        return [f"{status} answers {media!r}, documented {answer.media_type!r}"]
    body = response["body"]
    try:
        body.encode("utf-8")
    except UnicodeEncodeError as error:
        return [f"body is not encodable as UTF-8 (lone surrogate?): {error}"]
    if answer.schema is None:
        return []
    try:
        parsed = json.loads(body, parse_constant=_not_json)
    except ValueError as error:
        return [f"body is not RFC 8259 JSON: {error}"]
    validator = Draft202012Validator(answer.schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(parsed)]


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
