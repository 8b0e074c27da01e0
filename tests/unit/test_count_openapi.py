"""openapi/count.json: what only COUNT's document says."""

from __future__ import annotations

from count_api.codes import AUTH_MESSAGES
from count_api.count_signature import CLIENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER

from tests.support.openapi import JSON, document, operation


def test_security_is_the_signed_headers_and_the_bearer_token_together():
    count = document("count")
    schemes = count["components"]["securitySchemes"]
    headers = {s["name"] for s in schemes.values() if s["type"] == "apiKey"}
    assert headers == {CLIENT_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER}
    assert schemes["accessToken"]["scheme"] == "bearer"
    # All four together, not any one of them.
    assert count["security"] == [{name: [] for name in schemes}]
    assert "METHOD:path:timestamp:sha256hex(raw body)" in schemes["clientId"]["description"]


def test_401_enumerates_every_code_and_429_has_retry_after():
    responses = operation("count", "/")["responses"]
    schema = responses["401"]["content"][JSON]["schema"]
    assert set(schema["allOf"][1]["properties"]["code"]["enum"]) == set(AUTH_MESSAGES)
    examples = responses["401"]["content"][JSON]["examples"].values()
    assert {example["value"]["code"] for example in examples} == set(AUTH_MESSAGES)
    assert responses["429"]["headers"]["Retry-After"]["required"] is True
