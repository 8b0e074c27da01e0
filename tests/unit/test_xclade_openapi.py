"""openapi/xclade.json: what only xclade's document says."""

from __future__ import annotations

from tests.support.openapi import document, operation


def test_security_scheme_is_a_bearer_jwt():
    schemes = document("xclade")["components"]["securitySchemes"]
    assert schemes["bearerJwt"]["scheme"] == "bearer"
    assert schemes["bearerJwt"]["bearerFormat"] == "JWT"
    assert "HS256" in schemes["bearerJwt"]["description"]


def test_fields_query_and_plain_text_401():
    op = operation("xclade", "/admin/customers")
    (fields,) = [p for p in op["parameters"] if p["in"] == "query"]
    assert fields["name"] == "fields"
    assert set(fields["examples"]) == {"add", "remove", "replace", "space"}
    unauthorized = op["responses"]["401"]["content"]
    assert set(unauthorized) == {"text/plain"}
    assert unauthorized["text/plain"]["schema"] == {"type": "string", "enum": ["Unauthorized"]}
