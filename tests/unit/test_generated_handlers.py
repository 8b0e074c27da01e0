"""Generated: whatever a client sends, every API's create function answers cleanly.

Each example is one request built by hypothesis (tests/support/hostile.py): a body that is a
valid one with one path changed, arbitrary JSON text, deep nesting, arbitrary bytes or another
encoding; extra headers of any name, case and value, duplicated with other values. COUNT's
requests are signed over the exact bytes sent, so they reach the body checks. Properties:

- the status is one the API documents and the body matches its schema for that status
  (tests/support/response_schemas.py), RFC 8259 JSON (no NaN/Infinity), encodable as UTF-8;
- no 5xx unless the store failed: a share of the examples has the store fail on the wire
  (botocore's before-send hook on the functions' own client), and only those may be a 500;
- nothing partly written: a refused request leaves no customer and no idempotency record, a
  success exactly one customer, whose stored document is what the answer shows.

The examples per API are hypothesis' profile ("ci": 20, fixed seed; "fuzz": 2,000, `make fuzz`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from customer_core.store import aws as dynamo
from hypothesis import given
from hypothesis import strategies as st

from ops.apis import Api
from ops.count.clients import signed_headers
from tests.integration.adapters import ApiAdapter
from tests.support import count_requests
from tests.support.events import body_of
from tests.support.generated import adapter_of, api_ids, clear_customers, items, record
from tests.support.hostile import extra_headers, form_bodies, raw_bodies
from tests.support.response_schemas import answer_problems

SUCCESS = {200, 201}


def _body_of_success(api: str, body: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = body["customer"] if api == "xclade" else body["data"]
    return data


@st.composite
def requests(draw: st.DrawFn, adapter: ApiAdapter) -> dict[str, Any]:
    event = adapter.sample_event()
    raw, charset = draw(raw_bodies(body_of(event)))
    content_type = "application/json" + (f"; charset={charset}" if charset else "")
    if draw(st.integers(0, 5)) == 0:  # xclade reads form bodies (the others refuse them)
        raw = draw(form_bodies(body_of(event)))
        content_type = "application/x-www-form-urlencoded" + draw(
            st.sampled_from(["", "; charset=utf-8", "; charset=latin1"])
        )
    headers = {k: v for k, v in event["headers"].items() if k.lower() != "content-type"}
    headers["Content-Type"] = content_type
    multi = {name: [value] for name, value in headers.items()}
    for name, value in draw(extra_headers):
        if draw(st.booleans()):
            headers[name] = value  # may replace a header under another letter case
        multi.setdefault(name, []).append(value)  # a duplicate API Gateway lists here
    as_text = draw(st.booleans())
    try:
        text: str | None = raw.decode("utf-8") if as_text else None
    except UnicodeDecodeError:
        # The runtime can hand a handler a body string with lone surrogates (from \\u escapes).
        text = raw.decode("utf-8", "surrogateescape") if draw(st.booleans()) else None
    event = {**event, "headers": headers, "multiValueHeaders": multi}
    if text is None:
        event.update(body=base64.b64encode(raw).decode(), isBase64Encoded=True)
    else:
        event.update(body=text, isBase64Encoded=False)
    if adapter.name == "count" and draw(st.integers(0, 9)) > 0:
        signed = signed_headers(
            client_id=count_requests.FIXTURE_CLIENT_ID,
            secret=count_requests.FIXTURE_SECRET,
            method=event["httpMethod"],
            path=event["path"],
            body=raw,
            timestamp=count_requests.unique_now_millis(),
        )
        event["headers"] = {**headers, **signed}
    return event


def _fail(**_: Any) -> None:
    # Raised, not answered: every before-send handler runs and moto's would still apply the
    # write behind an answer. A 400 error is not retried, so a failing example costs one call.
    raise ClientError(
        {"Error": {"Code": "ResourceNotFoundException", "Message": "injected"}}, "injected"
    )


def _customers(client: Any) -> list[dict[str, Any]]:
    return [i for i in items(client) if not i["pk"]["S"].startswith("REPLAY#")]


@pytest.mark.parametrize("api", api_ids(), ids=str)
def test_any_request_gets_a_documented_answer(api: Api, aws: Any, lambda_context: Any) -> None:
    adapter = adapter_of(api)
    adapter.prepare()
    path = api.routes[0]

    @given(event=requests(adapter), store_fails=st.integers(0, 19).map(lambda n: n == 0))
    def one_request(event: dict[str, Any], store_fails: bool) -> None:
        clear_customers(aws)
        events = dynamo.client().meta.events
        if store_fails:
            events.register_first("before-send.dynamodb", _fail, unique_id="generated-fault")
        try:
            response = adapter.handler(event, lambda_context)
        finally:
            events.unregister("before-send.dynamodb", unique_id="generated-fault")
        status = int(response["statusCode"])
        problems = answer_problems(api.name, path, response)
        record(f"{api.name} function", status, schema_ok=not problems, store_failed=store_fails)
        assert problems == [], (status, response["body"][:500])
        assert status < 500 or store_fails, response
        stored = _customers(aws)
        if status in SUCCESS:
            customers = [i for i in stored if i["pk"]["S"].startswith("CUSTOMER#")]
            assert len(customers) == 1, stored
            document = json.loads(customers[0]["doc"]["S"])
            answered = _body_of_success(api.name, json.loads(response["body"]))
            assert answered == {k: document[k] for k in answered}
        else:
            assert stored == [], (store_fails, status, response["body"][:300], stored)

    one_request()
