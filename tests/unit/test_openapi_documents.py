"""openapi/<api>.json: current with the code, valid OpenAPI 3.1, complete, and its examples and
the seed documents' sample requests valid against its own schemas."""

from __future__ import annotations

import copy
import difflib
import json

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from ops import apis, facts
from ops.openapi import generate
from ops.template import ROOT
from tests.support.events import body_of, load
from tests.support.openapi import (
    DOCUMENTS,
    JSON,
    document,
    operation,
    operations,
    problems,
    request_validator,
)

APIS = generate.api_names()
# The statuses each API documents: its own (ops/<api>/__init__.py FACTS), and the gateway's
# 403/404 for routes that do not exist; its routes are template.yaml's.
GATEWAY = {403, 404}
STATUSES = {api: {str(s) for s in facts.of(api).statuses | GATEWAY} for api in APIS}
ROUTES = {api: list(apis.api(api).routes) for api in APIS}
SAMPLES = ["create-customer-sample", "create-customer-minimal", "create-customer-valid"]


def test_one_document_and_one_description_per_api():
    assert sorted(apis.names()) == APIS
    documents = sorted(path.stem for path in DOCUMENTS.glob("*.json"))
    assert documents == APIS, f"openapi/ does not hold a document per API {APIS}: {documents}"
    for api in APIS:
        assert (ROOT / "ops" / api / "openapi.py").is_file(), f"ops/{api}/openapi.py describe()"


@pytest.mark.parametrize("api", APIS)
def test_document_is_what_the_code_generates(api):
    committed = (DOCUMENTS / f"{api}.json").read_text()
    generated = generate.render(api)
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            f"openapi/{api}.json (committed)",
            f"openapi/{api}.json (generated)",
            n=2,
        )
    )
    assert not diff, f"openapi/{api}.json is out of date: run `make openapi`\n{diff[:4000]}"


@pytest.mark.parametrize("api", APIS)
def test_document_is_valid_openapi_3_1(api):
    assert document(api)["openapi"].startswith("3.1.")
    errors = [
        str(error).splitlines()[0] for error in OpenAPIV31SpecValidator(document(api)).iter_errors()
    ]
    assert errors == []


@pytest.mark.parametrize("api", APIS)
def test_spec_validator_refuses_a_broken_document(api):
    broken = copy.deepcopy(document(api))
    created = str(facts.of(api).created)
    del broken["paths"][ROUTES[api][0]]["post"]["responses"][created]["description"]
    assert list(OpenAPIV31SpecValidator(broken).iter_errors())


@pytest.mark.parametrize("api", APIS)
def test_every_status_is_documented_with_schema_and_example(api):
    assert [path for path, _, _ in operations(api)] == ROUTES[api]
    for _, method, op in operations(api):
        assert method == "post"
        assert set(op["responses"]) == STATUSES[api]
        for status, response in op["responses"].items():
            assert response["description"]
            for media, content in response["content"].items():
                assert content["schema"], (status, media)
                assert content["examples"], (status, media)


@pytest.mark.parametrize("api", APIS)
def test_servers_are_the_stage_a_custom_domain_and_the_local_stack(api):
    urls = [server["url"] for server in document(api)["servers"]]
    assert len(urls) == 3
    assert urls[0] == "https://{restApiId}.execute-api.{region}.amazonaws.com/v1"
    assert urls[1].startswith("https://{")
    assert urls[2] == "http://127.0.0.1:{port}/restapis/{restApiId}/v1/_user_request_"


@pytest.mark.parametrize("api", APIS)
def test_optional_idempotency_key_header(api):
    for _, _, op in operations(api):
        (header,) = [p for p in op["parameters"] if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header"
        assert header["required"] is False
        assert header["schema"]["maxLength"] == 255


@pytest.mark.parametrize("api", APIS)
def test_request_schema_refuses_unknown_fields(api):
    for path in ROUTES[api]:
        validator = request_validator(api, path)
        sample = body_of(load(api, facts.of(api).sample))
        assert not validator.is_valid({**sample, "nickname": "x"})


def _fixtures(api: str) -> list[str]:
    from tests.support.events import EVENTS

    return [name for name in SAMPLES if (EVENTS / api / f"{name}.json").exists()]


@pytest.mark.parametrize(("api", "fixture"), [(a, f) for a in APIS for f in _fixtures(a)])
def test_seed_sample_requests_are_valid_and_each_required_field_is_needed(api, fixture):
    body = body_of(load(api, fixture))
    for path in ROUTES[api]:
        validator = request_validator(api, path)
        assert list(validator.iter_errors(body)) == []
        required = document(api)["components"]["schemas"]["CreateCustomerRequest"]["required"]
        assert required
        for name in required:
            if name in body:
                missing = {key: value for key, value in body.items() if key != name}
                assert not validator.is_valid(missing), f"{api}: a body without {name} passes"


@pytest.mark.parametrize("api", APIS)
def test_request_examples_are_the_fixtures_and_valid(api):
    for path, _, op in operations(api):
        content = op["requestBody"]["content"][JSON]
        assert content["examples"]["sample"]["value"] == body_of(
            load(api, "create-customer-sample")
        )
        for name, example in content["examples"].items():
            assert list(request_validator(api, path).iter_errors(example["value"])) == [], name


@pytest.mark.parametrize("api", APIS)
def test_every_documented_example_is_valid_against_its_schema(api):
    checked = 0
    for _, _, op in operations(api):
        for status, response in op["responses"].items():
            for media, content in response["content"].items():
                for name, example in content["examples"].items():
                    found = problems(api, content["schema"], example["value"])
                    assert found == [], f"{api} {status} {media} {name}: {found}"
                    checked += 1
    assert checked >= len(STATUSES[api])


@pytest.mark.parametrize("api", APIS)
def test_an_example_that_breaks_its_schema_is_caught(api):
    created = str(facts.of(api).created)
    content = operation(api, ROUTES[api][0])["responses"][created]["content"][JSON]
    (example,) = [json.loads(json.dumps(e["value"])) for e in content["examples"].values()][:1]
    customer = example
    for key in facts.of(api).created_id[:-1]:
        customer = customer[key]
    customer[facts.of(api).created_id[-1]] = 12345  # an id is a string
    assert problems(api, content["schema"], example)
