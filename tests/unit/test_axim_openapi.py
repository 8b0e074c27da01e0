"""openapi/axim.json: what only Axim's document says."""

from __future__ import annotations

from tests.support.openapi import document


def test_security_scheme_is_the_access_token_header():
    schemes = document("axim")["components"]["securitySchemes"]
    assert schemes == {
        "accessToken": {
            **schemes["accessToken"],
            "type": "apiKey",
            "in": "header",
            "name": "accessToken",
        }
    }
