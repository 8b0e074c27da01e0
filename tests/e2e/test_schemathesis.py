"""Schemathesis over real HTTP: each API's operations, generated from openapi/<api>.json, sent
to the local stack with that API's real authentication (a signed API: every request signed over
the exact bytes sent, as its client signs). Checked by schemathesis: no server error, the status
is documented, the body matches the documented schema, the content type is documented.

The examples per operation are hypothesis' profile (tests/conftest.py: "ci" here, fixed seed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.core.result import Ok

from ops import facts
from ops.apis import Api, apis
from tests.e2e.conftest import api_entry
from tests.support.cfn import ROOT
from tests.support.clock import unique_now_millis
from tests.support.generated import record

TIMEOUT_S = 60
# The four; not positive_data_acceptance: some rules are beyond JSON Schema (at most one
# default address, unique metaField codes, Medusa's email syntax) and a schema-valid body may be
# refused with a documented 400 (docs/openapi.md lists what the documents cannot say).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]


def _base_url(entry: dict[str, Any], route: str) -> str:
    url: str = entry["url"]
    return url[: len(url) - len(route.rstrip("/"))].rstrip("/")


def _headers(api: str, entry: dict[str, Any], path: str, body: bytes) -> dict[str, str]:
    signing = facts.of(api).signing
    if signing is None:
        return dict(entry["headers"])
    return signing.signed_headers(entry, path, body, unique_now_millis())


@pytest.mark.parametrize("api", list(apis()), ids=str)
def test_generated_requests_get_documented_answers(api: Api, local_stack: dict[str, Any]) -> None:
    entry = api_entry(local_stack, api.name)
    schema = schemathesis.openapi.from_path(str(ROOT / "openapi" / f"{api.name}.json"))
    base_url = _base_url(entry, api.routes[0])
    results = list(schema.get_all_operations())
    invalid = [result for result in results if not isinstance(result, Ok)]
    assert not invalid, (
        f"openapi/{api.name}.json has operations schemathesis cannot read: {invalid}"
    )
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert operations, f"openapi/{api.name}.json has no operations"
    statuses: list[int] = []

    @given(data=st.data())
    def one_request(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(operations))
        case = data.draw(operation.as_strategy())
        body = json.dumps(case.body).encode() if case.body is not None else b""
        headers = {
            **{k: str(v) for k, v in (case.headers or {}).items()},
            "Content-Type": "application/json",
            **_headers(api.name, entry, case.formatted_path, body),
        }
        response = requests.request(
            case.method,
            base_url + case.formatted_path,
            params=case.query,
            headers=headers,
            data=body,
            timeout=TIMEOUT_S,
        )
        statuses.append(response.status_code)
        record(f"{api.name} schemathesis", response.status_code, schema_ok=True)
        case.validate_response(response, checks=CHECKS, headers=headers)

    one_request()
    # The real authentication worked: some generated requests were created.
    assert {200, 201} & set(statuses), statuses
