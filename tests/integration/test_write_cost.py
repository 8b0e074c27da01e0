"""Write cost of a create and of a rejected duplicate, measured on DynamoDB Local.

The consumed capacity is read from the store's real responses through botocore's hooks: the
store itself does not ask for it (no function reads it; asking costs every write a little, see
docs/performance.md), so `provide-client-params` adds ReturnConsumedCapacity=TOTAL to the writes
measured here and `after-call` reads the answer. A rejected conditional
write answers with an error that carries no ConsumedCapacity (on AWS as on DynamoDB Local), so
its cost is computed with DynamoDB's documented size rules (tests/support/item_size.py), whose
result for the successful writes is checked against what DynamoDB Local reports.
Results go to .local/wcu.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from customer_core.store import aws as dynamo

from tests.integration.adapters import Outcome
from tests.support.item_size import item_size, rejected_write_units, write_units

TARGET_CREATE_WCU = 1
TARGET_DUPLICATE_WCU = 1


@dataclass
class StoreWrites:
    """Each write our code asked for (its parameters) and what the store reported."""

    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    consumed: list[tuple[str, Any]] = field(default_factory=list)

    def to(self, table: str) -> StoreWrites:
        """Only the writes to `table`."""
        # Calls are made one after another: the n-th answer belongs to the n-th request.
        assert len(self.requests) == len(self.consumed)
        pairs = [
            (request, answer)
            for request, answer in zip(self.requests, self.consumed, strict=True)
            if _table_of(request[1]) == table
        ]
        return StoreWrites([request for request, _ in pairs], [answer for _, answer in pairs])


def _table_of(params: dict[str, Any]) -> str:
    if "TableName" in params:
        return str(params["TableName"])
    (table,) = {action["TableName"] for item in params["TransactItems"] for action in item.values()}
    return str(table)


@contextmanager
def recorded_writes(client: Any) -> Iterator[StoreWrites]:
    writes = StoreWrites()

    def on_params(params: dict[str, Any], event_name: str, **_: Any) -> None:
        writes.requests.append((event_name.rsplit(".", 1)[-1], dict(params)))
        params["ReturnConsumedCapacity"] = "TOTAL"

    def on_answer(parsed: dict[str, Any], event_name: str, **_: Any) -> None:
        writes.consumed.append((event_name.rsplit(".", 1)[-1], parsed.get("ConsumedCapacity")))

    events = client.meta.events
    for operation in ("PutItem", "TransactWriteItems"):
        events.register(f"provide-client-params.dynamodb.{operation}", on_params)
        events.register(f"after-call.dynamodb.{operation}", on_answer)
    try:
        yield writes
    finally:
        for operation in ("PutItem", "TransactWriteItems"):
            events.unregister(f"provide-client-params.dynamodb.{operation}", on_params)
            events.unregister(f"after-call.dynamodb.{operation}", on_answer)


def test_sample_create_and_duplicate_cost_at_most_one_wcu(api, tables, wcu_report):
    with recorded_writes(dynamo.client()) as writes:
        assert api.classify(api.invoke(api.sample_event())) is Outcome.CREATED
    create = writes.to(tables.customer_table)
    ((operation, reported),) = create.consumed
    assert operation == "PutItem"
    (stored,) = tables.items()
    stored_bytes = item_size(stored)
    # Our reading of the size rules agrees with the engine's own count for this item.
    assert reported["CapacityUnits"] == write_units(stored_bytes)
    report = wcu_report.setdefault(api.name, {})
    # A signed API's replay protection is the mark on the customer (store/replays.py): no write
    # of its own, in any table.
    assert [operation for operation, _ in writes.requests] == ["PutItem"]
    if api.signed:
        report["request_mark_bytes"] = item_size({"sig": stored["sig"]})

    with recorded_writes(dynamo.client()) as writes:
        assert api.classify(api.invoke(api.sample_event())) is Outcome.DUPLICATE
    duplicate = writes.to(tables.customer_table)
    ((_, attempted),) = duplicate.requests
    ((_, duplicate_reported),) = duplicate.consumed
    assert duplicate_reported is None  # an error response carries no ConsumedCapacity
    duplicate_wcu = rejected_write_units(stored, attempted["Item"])

    report.update(
        {
            "create": {
                "operation": "PutItem",
                "item_bytes": stored_bytes,
                "reported_wcu": reported["CapacityUnits"],
            },
            "duplicate": {
                "operation": "PutItem (condition failed)",
                "attempted_item_bytes": item_size(attempted["Item"]),
                "reported_wcu": None,
                "computed_wcu": duplicate_wcu,
            },
        }
    )
    assert reported["CapacityUnits"] <= TARGET_CREATE_WCU
    assert duplicate_wcu <= TARGET_DUPLICATE_WCU


def test_idempotent_create_cost_is_recorded_per_item(api, tables, wcu_report):
    # Reported separately: with an Idempotency-Key the customer and the stored first response are
    # written in one transaction, and AWS bills transactional writes at 2 WCU per started KB.
    event = api.with_idempotency_key(api.sample_event(), "wcu-key-0001")
    with recorded_writes(dynamo.client()) as writes:
        assert api.classify(api.invoke(event)) is Outcome.CREATED
    ((operation, reported),) = writes.to(tables.customer_table).consumed
    assert operation == "TransactWriteItems"
    (customer,) = tables.items_with_prefix(api.customer_prefix)
    (replay,) = tables.items_with_prefix(api.idempotency_prefix)

    wcu_report.setdefault(api.name, {})["idempotent_create"] = {
        "operation": "TransactWriteItems",
        "customer_item_bytes": item_size(customer),
        "idempotency_record_bytes": item_size(replay),
        "reported_wcu_by_dynamodb_local": sum(entry["CapacityUnits"] for entry in reported),
        "computed_wcu_on_aws": write_units(item_size(customer), transactional=True)
        + write_units(item_size(replay), transactional=True),
    }
    assert item_size(customer) <= 1024  # the customer record itself stays within one unit
