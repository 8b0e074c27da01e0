"""The largest items an accepted request can store, measured (issue 21; docs/storage.md).

A body of at most 64 KiB within its API's limits (depth, string length, members, items) is
stored as one customer item and, with an Idempotency-Key, one idempotency record holding the
answer. For each API the densest bodies we know are sent through the real handler (moto); the
items are sized by DynamoDB's documented rules (tests/support/item_size.py). Densest: numbers
in arrays (`0,` is 2 bytes of JSON and 3 bytes of item: 2 for the number, 1 per list element),
as deep as the limits allow; for COUNT, which has no free JSON, the most contacts (each stored
with its id and every field) and the longest strings. xclade's form body is held to the same
limits, so it can store no more than its JSON form (before: a 64 KiB form stored 390 KB).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.adapters import ADAPTERS, Outcome
from tests.support.events import body_of, with_body, with_headers
from tests.support.item_size import item_size

MAX_BODY = 64 * 1024
DYNAMODB_ITEM_LIMIT = 400 * 1024
# Measured here (moto, item_size's rules); docs/storage.md states them. A change of what is
# stored shows here first.
DOCUMENTED_BOUND = 80 * 1024  # measured: Axim 66,084 B, xclade 65,974 B, COUNT 74,898 B


def _zeros(depth: int, budget: int) -> Any:
    """Nested arrays of zeros, `depth` levels, 100 items each, within `budget` JSON bytes."""
    if depth == 1:
        return [0] * min(100, max(1, budget // 2))
    inner_budget = min(budget, 100 * 2 * 100 ** (depth - 2) + 2)
    items: list[Any] = []
    used = 2
    while used < budget and len(items) < 100:
        item = _zeros(depth - 1, min(inner_budget, budget - used))
        used += len(json.dumps(item, separators=(",", ":"))) + 1
        items.append(item)
    return items


def _fit(build: Callable[[int], dict[str, Any]]) -> str:
    """The largest body `build(budget)` makes within 64 KiB (compact JSON)."""
    low, high = 0, MAX_BODY
    best = ""
    while low <= high:
        middle = (low + high) // 2
        text = json.dumps(build(middle), separators=(",", ":"), ensure_ascii=False)
        if len(text.encode()) <= MAX_BODY:
            best, low = text, middle + 1
        else:
            high = middle - 1
    return best


def _axim(sample: dict[str, Any]) -> Callable[[int], dict[str, Any]]:
    # metaFields (level 2) → field (3) → value (4) … 8: five levels of arrays in `value`.
    return lambda n: {
        **sample,
        "metaFields": [{"code": "c", "value": _zeros(5, n)}],
    }


def _xclade(sample: dict[str, Any]) -> Callable[[int], dict[str, Any]]:
    # metadata (level 2) → a member's array (3) … 6: four levels of arrays.
    return lambda n: {**sample, "metadata": {"m": _zeros(4, n)}}


def _count_contacts(sample: dict[str, Any]) -> Callable[[int], dict[str, Any]]:
    # 100 contacts (each stored with an id and all five fields): as many as fit with two
    # 1,000-character names (the string limit), the others with a one-letter name.
    def build(n: int) -> dict[str, Any]:
        full = min(100, n // 2050)
        long = [{"firstName": "a" * 1000, "lastName": "b" * 1000}] * full
        return {**sample, "contacts": long + [{"firstName": "a"}] * (100 - full)}

    return build


BODIES: dict[str, list[Callable[[dict[str, Any]], Callable[[int], dict[str, Any]]]]] = {
    "axim": [_axim],
    "xclade": [_xclade],
    "count": [_count_contacts],
}
MEASURED: dict[str, int] = {}


@pytest.mark.parametrize("adapter", ADAPTERS, ids=str)
def test_the_largest_stored_items_are_far_under_dynamodbs_limit(aws: Any, adapter: Any) -> None:
    adapter.prepare()
    sizes = []
    for index, body_for in enumerate(BODIES[adapter.name]):
        sample = body_of(adapter.sample_event())
        text = _fit(body_for(sample))
        event = adapter.with_idempotency_key(with_body(adapter.sample_event(), text), f"k{index}")
        if adapter.name == "count":
            from tests.support.count_requests import signed_now

            event = signed_now(with_headers(event))
        answer = adapter.invoke(event)
        assert adapter.classify(answer) is Outcome.CREATED, (len(text), answer["body"][:300])
        items = aws.scan(TableName=os.environ["CUSTOMER_TABLE_NAME"])["Items"]
        sizes += [item_size(item) for item in items]
        for item in items:
            aws.delete_item(TableName=os.environ["CUSTOMER_TABLE_NAME"], Key={"pk": item["pk"]})
    MEASURED[adapter.name] = max(sizes)
    print(f"{adapter.name}: largest item {max(sizes)} bytes ({sorted(sizes)})")
    assert max(sizes) < DOCUMENTED_BOUND < DYNAMODB_ITEM_LIMIT
