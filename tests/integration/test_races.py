"""Racing creates through the real handler on DynamoDB Local: the conditional write decides.

Requests run on a bounded thread pool; every worker waits at a barrier first, so the requests
overlap at the store instead of arriving one after another.
"""

from __future__ import annotations

import json
import queue
import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from customer_core import dynamo

from tests.integration.adapters import ApiAdapter, Outcome, Response

REQUESTS = 200
WORKERS = 50
BARRIER_TIMEOUT_SECONDS = 30.0
RUN_TIMEOUT_SECONDS = 120.0
RACED_EMAIL = "race.winner@example.com"


def concurrently(invoke: Callable[[Any], Response], events: list[Any]) -> list[Response]:
    """Each event through `invoke`, WORKERS at a time, all workers released together."""
    # A Lambda container creates its client on its first request, alone; threads sharing one
    # process must not race to build it (boto3's default session is not thread-safe).
    dynamo.client()
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(events)):
        pending.put(index)
    results: list[Response | None] = [None] * len(events)
    start = threading.Barrier(WORKERS, timeout=BARRIER_TIMEOUT_SECONDS)

    def work() -> None:
        start.wait()
        while True:
            try:
                index = pending.get_nowait()
            except queue.Empty:
                return
            results[index] = invoke(events[index])

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for future in [pool.submit(work) for _ in range(WORKERS)]:
            future.result(timeout=RUN_TIMEOUT_SECONDS)
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


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


def test_one_email_in_mixed_case_has_exactly_one_winner(api, tables):
    emails = mixed_case(RACED_EMAIL, REQUESTS)
    assert len({email.lower() for email in emails}) == 1

    responses = concurrently(api.invoke, [api.event_for(email) for email in emails])

    assert outcomes(api, responses) == {Outcome.CREATED: 1, Outcome.DUPLICATE: REQUESTS - 1}
    (winner_index,) = [
        i for i, response in enumerate(responses) if api.classify(response) is Outcome.CREATED
    ]
    records = tables.items_with_prefix(api.customer_prefix)
    assert [record["pk"]["S"] for record in records] == [api.customer_key(RACED_EMAIL)]
    assert records[0]["id"]["S"] == api.created_id(responses[winner_index])
    assert emails[winner_index] in records[0]["doc"]["S"]  # stored as the winner sent it
    assert tables.items() == records  # nothing else was written


def test_distinct_emails_all_succeed(api, tables):
    emails = [f"racer{index:03d}@example.com" for index in range(REQUESTS)]

    responses = concurrently(api.invoke, [api.event_for(email) for email in emails])

    assert outcomes(api, responses) == {Outcome.CREATED: REQUESTS}
    records = tables.items_with_prefix(api.customer_prefix)
    assert sorted(record["pk"]["S"] for record in records) == sorted(
        api.customer_key(email) for email in emails
    )
    assert {record["id"]["S"] for record in records} == {
        api.created_id(response) for response in responses
    }


def test_one_idempotency_key_and_body_is_written_once_and_replayed(api, tables):
    event = api.with_idempotency_key(api.event_for(RACED_EMAIL), "race-key-0001")

    responses = concurrently(api.invoke, [event] * REQUESTS)

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
