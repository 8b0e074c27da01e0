"""The published JSON Schemas of customer.created (openapi/events/) are what the code gives
(`make openapi`), are valid 2020-12 schemas, and say what each API's event is."""

from __future__ import annotations

import jsonschema
import pytest

from ops import apis
from ops.openapi import events


@pytest.mark.parametrize("api", apis.names())
def test_the_committed_schema_is_what_make_openapi_writes(api):
    path = events.OUT_DIR / events.file_name(api)
    assert path.read_text() == events.render(api), "run `make openapi` and commit openapi/events/"


@pytest.mark.parametrize("api", apis.names())
def test_the_schema_is_valid_and_names_the_api_and_the_detail_type(api):
    schema = events.documents()[api]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["source"]["const"] == f"customer-api.{api}"
    assert schema["properties"]["detail-type"]["const"] == "customer.created"
    detail = schema["properties"]["detail"]
    assert detail["required"] == ["eventId", "api", "id", "createdAt", "customer"]
    assert detail["properties"]["api"]["const"] == api
    assert detail["additionalProperties"] is False


def test_an_event_of_another_api_fails_the_schema():
    axim, count = events.documents()["axim"], events.documents()["count"]
    event = {
        "version": "0",
        "id": "x",
        "detail-type": "customer.created",
        "source": "customer-api.count",
        "account": "000000000000",
        "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"eventId": "e", "api": "count", "id": "i", "createdAt": "t", "customer": {}},
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(event, axim)
    with pytest.raises(jsonschema.ValidationError):  # the customer is not COUNT's either
        jsonschema.validate(event, count)
