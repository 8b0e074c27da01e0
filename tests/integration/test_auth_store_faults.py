"""Store faults on the calls a signed request makes before its customer write (COUNT): the read
of the client secret and the replay record's conditional put, both in the AuthTable.

Either failing is COUNT's documented 500 (INTERNAL_ERROR) after bounded attempts, and no
customer is written. The faults target only the AuthTable call under test.
"""

from __future__ import annotations

import pytest
from customer_core.store import aws as dynamo

from tests.integration.adapters import ADAPTERS, ApiAdapter, Outcome
from tests.integration.test_store_faults import RETRIED, configured_attempts
from tests.support.store_faults import Fault, applied_but_response_lost, watched

EMAIL = "auth.fault@example.com"


@pytest.fixture(params=[a for a in ADAPTERS if a.replay_prefix], ids=str)
def api(request: pytest.FixtureRequest) -> ApiAdapter:
    adapter: ApiAdapter = request.param
    return adapter


def test_calls_before_the_customer_write_are_the_secret_read_and_the_replay_record(api, tables):
    with watched(dynamo.client()) as attempts:
        assert api.classify(api.invoke(api.event_for(EMAIL))) is Outcome.CREATED

    assert [(c.operation, c.table) for c in attempts.calls] == [
        ("GetItem", tables.auth_table),
        ("PutItem", tables.auth_table),
        ("PutItem", tables.customer_table),
    ]


@pytest.mark.parametrize("fault", RETRIED.values(), ids=RETRIED.keys())
def test_failing_secret_read_is_500_and_nothing_is_written(api, tables, fault: Fault):
    with watched(dynamo.client(), {("GetItem", tables.auth_table): fault}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("GetItem", tables.auth_table) == configured_attempts()
    assert len(attempts.sent) == configured_attempts()  # nothing after the failed call
    assert tables.items() == []
    assert tables.auth_items(api.replay_prefix) == []


@pytest.mark.parametrize("fault", RETRIED.values(), ids=RETRIED.keys())
def test_failing_replay_record_is_500_and_nothing_is_written(api, tables, fault: Fault):
    with watched(dynamo.client(), {("PutItem", tables.auth_table): fault}) as attempts:
        response = api.invoke(api.event_for(EMAIL))

    assert api.classify(response) is Outcome.STORE_FAILURE
    assert attempts.of("PutItem", tables.auth_table) == configured_attempts()
    assert attempts.of("PutItem", tables.customer_table) == 0
    assert tables.items() == []
    assert tables.auth_items(api.replay_prefix) == []


def test_replay_record_written_but_answer_lost_refuses_the_request_creating_nothing(api, tables):
    # The replay record's retry meets the record its own first attempt wrote: the request is
    # answered as a replay (401 REPLAYED_REQUEST) and creates nothing; the client signs again.
    with watched(
        dynamo.client(),
        {("PutItem", tables.auth_table): applied_but_response_lost},
        failing_attempts=1,
    ):
        response = api.invoke(api.event_for(EMAIL))

    assert response["statusCode"] == 401
    assert '"code":"REPLAYED_REQUEST"' in response["body"].replace(" ", "")
    assert tables.items() == []
    assert len(tables.auth_items(api.replay_prefix)) == 1

    again = api.invoke(api.event_for(EMAIL))  # re-signed: a new signature
    assert api.classify(again) is Outcome.CREATED
