"""Racing creates through the real handler on DynamoDB Local: the conditional write decides.

The requests are spread over ENVIRONMENTS processes, each one a Lambda execution environment
handling one request at a time; all are released together at a barrier, so the requests overlap
at the store instead of arriving one after another.
"""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from customer_core.store.replays import request_mark

from tests.integration.adapters import ADAPTERS, ApiAdapter, Outcome, Response
from tests.support.lambda_environments import invoke_concurrently

REQUESTS = 200
ENVIRONMENTS = 20
RACED_EMAIL = "race.winner@example.com"


def concurrently(api: ApiAdapter, events: list[dict]) -> list[Response]:
    return invoke_concurrently(api.invoke, events, environments=ENVIRONMENTS)


def mixed_case(email: str, count: int) -> list[str]:
    """`count` spellings of one email that differ only in letter case (deterministic)."""
    chooser = random.Random(20261122)  # fixed seed: the same spellings every run
    spellings = [email.upper(), email]
    while len(spellings) < count:
        spelling = "".join(c.upper() if chooser.random() < 0.5 else c for c in email)
        if spelling not in spellings:
            spellings.append(spelling)
    return spellings


def outcomes(api: ApiAdapter, responses: list[Response]) -> Counter[Outcome | None]:
    return Counter(api.classify(response) for response in responses)


def mark_of(event: dict) -> bytes:
    headers = event["headers"]
    return request_mark(headers["x-client-id"], headers["x-signature"])


def test_one_email_in_mixed_case_has_exactly_one_winner(api, tables):
    emails = mixed_case(RACED_EMAIL, REQUESTS)
    assert len({email.lower() for email in emails}) == 1

    events = [api.event_for(email) for email in emails]
    responses = concurrently(api, events)

    assert outcomes(api, responses) == {Outcome.CREATED: 1, Outcome.DUPLICATE: REQUESTS - 1}
    (winner_index,) = [
        i for i, response in enumerate(responses) if api.classify(response) is Outcome.CREATED
    ]
    records = tables.items_with_prefix(api.customer_prefix)
    assert [record["pk"]["S"] for record in records] == [api.customer_key(RACED_EMAIL)]
    assert records[0]["id"]["S"] == api.created_id(responses[winner_index])
    assert emails[winner_index] in records[0]["doc"]["S"]  # stored as the winner sent it
    assert tables.items() == records  # nothing else was written
    if api.signed:  # the customer carries the mark of the request that won, alone
        (winner,) = [
            e for e, r in zip(events, responses, strict=True) if r is responses[winner_index]
        ]
        assert records[0]["sig"] == {"B": mark_of(winner)}


def test_distinct_emails_all_succeed(api, tables):
    emails = [f"racer{index:03d}@example.com" for index in range(REQUESTS)]

    responses = concurrently(api, [api.event_for(email) for email in emails])

    assert outcomes(api, responses) == {Outcome.CREATED: REQUESTS}
    records = tables.items_with_prefix(api.customer_prefix)
    assert sorted(record["pk"]["S"] for record in records) == sorted(
        api.customer_key(email) for email in emails
    )
    ids = {api.created_id(response) for response in responses}
    assert len(ids) == REQUESTS
    assert {record["id"]["S"] for record in records} == ids


def test_one_idempotency_key_and_body_is_written_once_and_replayed(api, tables):
    # One request sent 200 times: the same body and key (for a signed API each copy signed anew,
    # as a client's retry must be, since a signature is single-use).
    events = [
        api.with_idempotency_key(api.event_for(RACED_EMAIL), "race-key-0001")
        for _ in range(REQUESTS)
    ]
    assert len({event["body"] for event in events}) == 1

    responses = concurrently(api, events)

    seen = outcomes(api, responses)
    # Every answer is the one stored 201, or a clean "conflict, retry" while it was in flight:
    # never a duplicate (it is the same request), never a failure.
    assert set(seen) <= {Outcome.CREATED, Outcome.CONFLICT}, seen
    created = [r for r in responses if api.classify(r) is Outcome.CREATED]
    assert created
    assert len({(r["statusCode"], r["body"]) for r in created}) == 1
    customers = tables.items_with_prefix(api.customer_prefix)
    assert [c["pk"]["S"] for c in customers] == [api.customer_key(RACED_EMAIL)]
    assert customers[0]["id"]["S"] == api.created_id(created[0])
    replays = tables.items_with_prefix(api.idempotency_prefix)
    assert len(replays) == 1
    assert json.loads(replays[0]["body"]["S"]) == json.loads(created[0]["body"])
    assert len(tables.items()) == 2


@pytest.mark.parametrize("api", [a for a in ADAPTERS if a.signed], ids=str)
@pytest.mark.parametrize("idempotency_key", [None, "race-key-0002"], ids=["plain", "idempotent"])
def test_one_signed_request_and_its_copies_have_one_winner(api, tables, idempotency_key):
    # A captured request replayed while its original is in flight: the copies meet the
    # original's write, never create a second customer, and are refused as replays.
    event = api.event_for(RACED_EMAIL)
    if idempotency_key:
        event = api.with_idempotency_key(event, idempotency_key)

    responses = concurrently(api, [event] * REQUESTS)

    answers = Counter(
        "created" if api.classify(r) is Outcome.CREATED else (r["statusCode"], code_of(r))
        for r in responses
    )
    # A copy meeting the transaction in flight is told to retry (409 CONFLICT); none wins.
    assert answers["created"] == 1, answers
    assert set(answers) <= {"created", (401, "REPLAYED_REQUEST"), (409, "CONFLICT")}, answers
    (customer,) = tables.items_with_prefix(api.customer_prefix)
    (winner,) = [r for r in responses if api.classify(r) is Outcome.CREATED]
    assert customer["id"]["S"] == api.created_id(winner)
    assert customer["sig"] == {"B": mark_of(event)}
    assert len(tables.items()) == (2 if idempotency_key else 1)


def code_of(response: Response) -> str | None:
    code = json.loads(response["body"]).get("code")
    return None if code is None else str(code)
