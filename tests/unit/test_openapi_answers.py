"""The handlers answer what their documents say: each API's real handler, in-process on moto,
driven through every documented status a function can give (API Gateway gives the others: their
bodies are template.yaml's, which the documents' examples are made from). Each answer's status,
Content-Type, required headers and body are checked against openapi/<api>.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from axim_api.authorizer import lambda_handler as axim_authorizer
from axim_api.handler import lambda_handler as axim_handler
from count_api.authorizer import lambda_handler as count_authorizer
from count_api.codes import AUTH_MESSAGES
from count_api.handler import lambda_handler as count_handler
from customer_core.http.authorizer import Unauthorized
from xclade_api.authorizer import lambda_handler as xclade_authorizer
from xclade_api.handler import lambda_handler as xclade_handler

from tests.support.count_requests import fixture, seed_client, signed_now
from tests.support.events import load, with_body, with_body_fields, with_headers
from tests.support.openapi import answer_problems, operation

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def gateway_only_statuses(api: str, path: str) -> set[str]:
    """Statuses whose every documented example is API Gateway's."""
    return {
        status
        for status, response in operation(api, path)["responses"].items()
        if all(
            name.startswith("gateway-")
            for content in response["content"].values()
            for name in content["examples"]
        )
    }


class Answers:
    """Calls a handler and keeps every answer, checked against the document."""

    def __init__(self, api: str, handler: Handler, context: Any) -> None:
        self.api, self.handler, self.context = api, handler, context
        self.statuses: set[str] = set()

    def __call__(self, event: dict[str, Any], expected: int) -> dict[str, Any]:
        response = self.handler(event, self.context)
        assert response["statusCode"] == expected, response["body"]
        found = answer_problems(self.api, event["path"], response)
        assert found == [], f"{self.api} {expected}: {found}\n{response}"
        self.statuses.add(str(expected))
        return response

    def assert_every_function_status_reached(self, path: str) -> None:
        documented = set(operation(self.api, path)["responses"])
        assert self.statuses == documented - gateway_only_statuses(self.api, path)


def test_axim_answers_as_documented(aws, lambda_context):
    answers = Answers("axim", axim_handler, lambda_context)
    sample = load("axim", "create-customer-sample")
    answers(sample, 201)
    answers(sample, 409)
    minimal = with_headers(load("axim", "create-customer-minimal"), Idempotency_Key="k1")
    answers(minimal, 201)
    answers(minimal, 201)  # the first answer again
    answers(with_body_fields(minimal, email="other@example.com"), 409)  # the key, reused
    answers(load("axim", "create-customer-invalid-body"), 400)
    answers(load("axim", "create-customer-wrong-content-type"), 400)
    answers(with_body(sample, "[1]"), 400)
    answers(load("axim", "create-customer-missing-token"), 401)
    aws.delete_table(TableName="customers-test")
    answers(load("axim", "create-customer-minimal"), 500)
    answers.assert_every_function_status_reached("/customers")


def test_xclade_answers_as_documented(aws, lambda_context):
    answers = Answers("xclade", xclade_handler, lambda_context)
    answers(load("xclade", "create-customer-sample"), 200)
    for variant in ("add", "remove", "replace", "space"):
        event = load("xclade", f"create-customer-fields-{variant}")
        answers(with_body_fields(event, email=f"{variant}@example.com"), 200)
    valid = with_headers(load("xclade", "create-customer-valid"), Idempotency_Key="k1")
    answers(valid, 200)
    answers(valid, 200)  # the first answer again
    answers(with_body_fields(valid, email="other@example.com"), 409)  # the key, reused
    answers(load("xclade", "create-customer-valid"), 409)  # the email, taken
    answers(load("xclade", "create-customer-invalid-body"), 400)
    answers(load("xclade", "create-customer-fields-invalid"), 400)
    answers(load("xclade", "create-customer-unauthenticated"), 401)
    aws.delete_table(TableName="customers-test")
    answers(with_body_fields(valid, email="new@example.com"), 500)
    answers.assert_every_function_status_reached("/admin/customers")


@pytest.fixture
def count_client(aws):
    seed_client()
    return aws


def test_count_answers_as_documented(count_client, lambda_context):
    answers = Answers("count", count_handler, lambda_context)
    answers(fixture("create-customer-sample"), 201)
    answers(fixture("create-customer-minimal"), 201)
    answers(fixture("create-customer-alias-path"), 409)
    answers(fixture("create-customer-invalid-body"), 400)
    codes = set()
    for name in (
        "create-customer-invalid-token",
        "create-customer-revoked-token",
        "create-customer-expired-token",
        "create-customer-disabled-client",
        "create-customer-other-client-token",
        "create-customer-invalid-timestamp",
        "create-customer-stale-timestamp",
        "create-customer-missing-signature",
    ):
        codes.add(_code(answers(fixture(name, sign=False), 401)))
    signed = signed_now(
        with_body_fields(load("count", "create-customer-sample"), email="copied@example.com")
    )
    answers(signed, 201)
    codes.add(_code(answers(signed, 401)))  # the same signed request again: a replay
    wrong_secret = signed_now(load("count", "create-customer-sample"), secret="not-the-secret")
    codes.add(_code(answers(wrong_secret, 401)))
    without_authorizer = fixture("create-customer-sample")
    without_authorizer["requestContext"].pop("authorizer")
    codes.add(_code(answers(without_authorizer, 401)))
    assert codes == set(AUTH_MESSAGES)
    count_client.delete_table(TableName="customers-test")
    answers(fixture("create-customer-minimal"), 500)
    for path in ("/", "/partners/customers"):
        answers.assert_every_function_status_reached(path)


def _code(response: dict[str, Any]) -> str:
    code: str = json.loads(response["body"])["code"]
    return code


def documented_gateway_answers(api: str, path: str, status: str) -> str:
    """The summaries of the status's examples (gateway ones name their response type)."""
    content = operation(api, path)["responses"][status]["content"]
    return " ".join(e["summary"] for media in content.values() for e in media["examples"].values())


@pytest.mark.parametrize(
    ("api", "path", "authorizer"),
    [
        ("axim", "/customers", axim_authorizer),
        ("xclade", "/admin/customers", xclade_authorizer),
        ("count", "/", count_authorizer),
    ],
)
def test_authorizer_refusal_is_a_documented_gateway_401(aws, lambda_context, api, path, authorizer):
    with pytest.raises(Unauthorized):
        authorizer(load(api, "authorizer-missing-token"), lambda_context)
    assert "API Gateway (UNAUTHORIZED)" in documented_gateway_answers(api, path, "401")


def test_count_unknown_client_denial_is_a_documented_gateway_401(aws, lambda_context):
    policy = count_authorizer(load("count", "authorizer-unknown-client"), lambda_context)
    assert policy["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert "API Gateway (ACCESS_DENIED)" in documented_gateway_answers("count", "/", "401")
