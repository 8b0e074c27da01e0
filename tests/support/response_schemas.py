"""What each API documents of its answers, as JSON Schemas per status, for the generated tests.

The source is the API's OpenAPI document (openapi/<api>.json: every API has one, generated from
its contract models and ops/<api>/openapi.py, tests/unit/test_openapi_documents.py): the statuses
a function may give, the media type of each, and a validator of its body.
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
    schema: dict[str, Any] | None  # None: not JSON (a text/plain answer)


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
    return _from_document(api, path)


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
