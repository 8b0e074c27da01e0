"""Every fixture in events/ invoked on the local stack the way `make invoke` does (the local
stack's credentials put in, then `sam remote invoke` of the deployed function), answering the
status it stands for: no fixture can rot.

EXPECTED_STATUS holds every fixture (a new one fails the completeness test until it is listed).
Authorizer fixtures stand for what API Gateway answers their result: 200 allowed through, 401
Unauthorized, 403 denied. Create fixtures get a fresh email, so each run creates new customers.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from ops import apis
from ops.local import invoke
from ops.local import process as local
from tests.e2e.conftest import STACK_NAME, fresh_email, run_ops_captured

EVENTS = local.ROOT / "events"
EXPECTED_STATUS = {
    "axim/authorizer-bearer-token.json": 200,
    "axim/authorizer-invalid-token.json": 401,
    "axim/authorizer-missing-token.json": 401,
    "axim/authorizer-valid-token.json": 200,
    "axim/create-customer-invalid-body.json": 400,
    "axim/create-customer-minimal.json": 201,
    "axim/create-customer-missing-token.json": 401,
    "axim/create-customer-sample.json": 201,
    "axim/create-customer-wrong-content-type.json": 400,
    "count/authorizer-missing-token.json": 401,
    "count/authorizer-unknown-client.json": 403,
    "count/authorizer-valid.json": 200,
    "count/create-customer-alias-path.json": 201,
    "count/create-customer-bad-signature.json": 401,
    "count/create-customer-disabled-client.json": 401,
    "count/create-customer-expired-token.json": 401,
    "count/create-customer-invalid-body.json": 400,
    "count/create-customer-invalid-timestamp.json": 401,
    "count/create-customer-invalid-token.json": 401,
    "count/create-customer-minimal.json": 201,
    "count/create-customer-missing-signature.json": 401,
    "count/create-customer-other-client-token.json": 401,
    "count/create-customer-revoked-token.json": 401,
    "count/create-customer-sample.json": 201,
    "count/create-customer-stale-timestamp.json": 401,
    "xclade/authorizer-expired-token.json": 401,
    "xclade/authorizer-missing-token.json": 401,
    "xclade/authorizer-valid-token.json": 200,
    "xclade/create-customer-fields-add.json": 200,
    "xclade/create-customer-fields-invalid.json": 400,
    "xclade/create-customer-fields-remove.json": 200,
    "xclade/create-customer-fields-replace.json": 200,
    "xclade/create-customer-fields-space.json": 200,
    "xclade/create-customer-invalid-body.json": 400,
    "xclade/create-customer-sample.json": 200,
    "xclade/create-customer-unauthenticated.json": 401,
    "xclade/create-customer-valid.json": 200,
}
# sam remote invoke is a process of its own (about 1.5 s of CPU, mostly its start): a few at
# once keep both cores busy.
PARALLEL_INVOCATIONS = 4


def all_fixtures() -> list[str]:
    return sorted(str(path.relative_to(EVENTS)) for path in EVENTS.glob("*/*.json"))


def function_for(fixture: str) -> str:
    """authorizer-* fixtures go to the API's authorizer, create-customer-* to its function."""
    api = invoke.api_of_event(EVENTS / fixture)
    name = Path(fixture).name
    if name.startswith("authorizer-"):
        return api.authorizer_function.logical_id
    if name.startswith("create-customer-"):
        return api.create_function.logical_id
    raise AssertionError(f"{fixture}: name it authorizer-* or create-customer-*")


def test_every_fixture_has_its_expected_status_and_function():
    assert set(EXPECTED_STATUS) == set(all_fixtures())
    for fixture in all_fixtures():
        function_for(fixture)
    # Each function of each API is exercised by at least one fixture.
    covered = {function_for(fixture) for fixture in all_fixtures()}
    assert covered == {function.logical_id for function in apis.functions()}


@pytest.fixture(scope="module")
def invocations(local_stack: dict[str, Any]) -> dict[str, invoke.Invocation]:
    """Every fixture invoked once, a few at a time."""

    def invoke_fixture(fixture: str) -> tuple[str, invoke.Invocation]:
        event = invoke.prepared_event(EVENTS / fixture, email=None, fresh_email=True, as_is=False)
        return fixture, invoke.remote_invoke(function_for(fixture), event, stack=STACK_NAME)

    with ThreadPoolExecutor(PARALLEL_INVOCATIONS) as pool:
        return dict(pool.map(invoke_fixture, all_fixtures()))


@pytest.mark.parametrize("fixture", all_fixtures())
def test_fixture_answers_the_status_it_stands_for(invocations, fixture):
    invocation = invocations[fixture]
    assert invocation.status == EXPECTED_STATUS[fixture], invocation.as_json()
    assert invocation.logs, f"{fixture}: the function logged nothing"


def run_invoke(*args: str) -> str:
    return run_ops_captured("invoke", *args).stdout


def test_make_invoke_prints_logs_and_response_then_409_for_the_same_email(local_stack):
    email = fresh_email("AximCommerce.com")
    fixture = "events/axim/create-customer-sample.json"

    first = run_invoke("AximCreateCustomerFunction", fixture, "--email", email)
    second = run_invoke("AximCreateCustomerFunction", fixture, "--email", email)

    logs, _, response = first.partition("--- response\n")
    assert logs.startswith("--- logs of AximCreateCustomerFunction")
    # Successes log at DEBUG (customer_core.http.frame); the outcome's metric is always there.
    assert '"CustomerCreated":[1.0]' in logs.replace(" ", "")
    assert response.startswith("status: 201\nContent-Type: application/json\n{\n")
    assert f'"email": "{email}"' in response
    assert "status: 409" in second
    assert "A customer with this email already exists." in second
