"""The customer table's stream → `customer.created` on the stack's bus, with Powertools' batch
processing (BatchProcessor for DynamoDB streams, partial batch responses).

The event source mapping's filter (template.yaml) invokes the function only for INSERTs of
customer items; each record is checked again here, so an item of any other kind (an idempotency
or replay record, a change, a removal) is never announced even where a filter is not applied. A
record whose event EventBridge refused (FailedEntryCount / the entry's ErrorCode), or whose put
failed, raises: Powertools reports it in `batchItemFailures`, and Lambda retries from the first
failed record (bounded by the mapping's MaximumRetryAttempts / MaximumRecordAgeInSeconds, then
the on-failure queue). Records after it are retried too: delivery is at-least-once, and the
event id is stable (docs/events.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)

from customer_core.events import customer_created
from customer_core.observability import Observability
from customer_core.store.bus import Entry, EventBus
from customer_core.store.envelope import NotACustomer, is_customer, read_envelope


class EventNotPut(RuntimeError):
    """EventBridge did not accept the record's event; the record is reported as failed."""


def new_customer_image(record: DynamoDBRecord) -> dict[str, Any] | None:
    """The new item of an INSERT of a customer item, else None (nothing to announce)."""
    if record.event_name is not DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return None
    image = record.dynamodb.new_image
    return image if is_customer(image) else None


@dataclass(frozen=True)
class Publisher:
    bus: EventBus
    obs: Observability

    def publish(self, record: DynamoDBRecord) -> None:
        """One record: its event on the bus, nothing for anything but a new customer. Raises
        for a record to be retried."""
        image = new_customer_image(record)
        if image is None:
            self.obs.count("StreamRecordSkipped")
            return
        try:
            customer = read_envelope(image)
        except NotACustomer as error:
            # A customer item this code cannot read (a later document version): retried, then
            # the on-failure queue, rather than announced wrongly or dropped silently.
            self.obs.logger.error("unreadable customer item", extra={"reason": str(error)})
            raise
        entry = Entry(
            source=customer_created.source_of(customer.api),
            detail_type=customer_created.DETAIL_TYPE,
            detail=customer_created.detail_json(customer),
        )
        (outcome,) = self.bus.put([entry])
        if outcome.error is not None:
            self.obs.count("CustomerEventRefused")
            # The API and the error code only: the detail holds personal data.
            self.obs.logger.warning(
                "EventBridge refused an event", extra={"api": customer.api, "code": outcome.error}
            )
            raise EventNotPut(outcome.error)
        self.obs.count("CustomerEventPublished")

    def handler(self) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        """The Lambda handler: the batch through Powertools' processor, under the function's
        observability decorators; answers `{"batchItemFailures": [...]}`."""
        processor = BatchProcessor(event_type=EventType.DynamoDBStreams)

        def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
            response = process_partial_response(
                event=event, record_handler=self.publish, processor=processor, context=context
            )
            return dict(response)

        return self.obs.handler(lambda_handler)
