"""An idempotent retry is answered from the cancelled transaction itself (moto).

The idempotency record's Put asks for ReturnValuesOnConditionCheckFailure=ALL_OLD, so the
stored response comes back in the cancellation reason: one store call, never a read after it.
tests/integration checks the same on DynamoDB Local.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from customer_core.domain.errors import (
    DuplicateEmail,
    IdempotencyKeyReused,
    IdempotentReplay,
    StoredResponse,
)
from customer_core.domain.idempotency import IdempotencyClaim
from customer_core.store import aws as dynamo
from customer_core.store import customers as customer_store

FIRST = StoredResponse(201, '{"id": "first"}')
NOW = datetime(2026, 11, 22, 13, 26, 44, tzinfo=UTC)


def claim(fingerprint: str = "body-1") -> IdempotencyClaim:
    return IdempotencyClaim(api="test", principal="p1", key="key-1", fingerprint=fingerprint)


def create(email: str, idempotency: IdempotencyClaim, response: StoredResponse = FIRST) -> None:
    customer_store.CustomerStore(os.environ["CUSTOMER_TABLE_NAME"]).create(
        customer_store.NewCustomer("test", "scope", email, {"kind": "customer", "doc": email}),
        created_at=NOW,
        idempotency=idempotency,
        response=response,
    )


@contextmanager
def store_calls() -> Iterator[list[str]]:
    calls: list[str] = []

    def record(event_name: str, **_: Any) -> None:
        calls.append(event_name.rsplit(".", 1)[-1])

    events = dynamo.client().meta.events
    events.register("before-call.dynamodb", record)
    try:
        yield calls
    finally:
        events.unregister("before-call.dynamodb", record)


def test_a_retry_replays_the_stored_response_in_one_store_call(aws):
    create("a@example.com", claim())

    with store_calls() as calls, pytest.raises(IdempotentReplay) as replay:
        create("a@example.com", claim(), StoredResponse(201, '{"id": "second"}'))

    assert replay.value.response == FIRST
    assert calls == ["TransactWriteItems"]


def test_the_same_key_with_another_body_is_refused_in_one_store_call(aws):
    create("a@example.com", claim())

    with store_calls() as calls, pytest.raises(IdempotencyKeyReused):
        create("b@example.com", claim(fingerprint="body-2"))

    assert calls == ["TransactWriteItems"]


def test_a_new_key_for_an_existing_email_is_a_duplicate(aws):
    create("a@example.com", claim())
    other_key = IdempotencyClaim(api="test", principal="p1", key="key-2", fingerprint="body-1")

    with store_calls() as calls, pytest.raises(DuplicateEmail):
        create("A@Example.com", other_key)

    assert calls == ["TransactWriteItems"]
