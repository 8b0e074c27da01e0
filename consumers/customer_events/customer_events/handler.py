"""The stream consumer's Lambda handler: settings, bus and client built at init."""

from __future__ import annotations

from customer_core.events.publisher import Publisher
from customer_core.observability import observability
from customer_core.settings import EventPublisherSettings
from customer_core.store import aws
from customer_core.store.bus import EventBus

settings = EventPublisherSettings.from_environment()
obs = observability("customer-events", settings)
publisher = Publisher(EventBus(settings.event_bus), obs)
aws.clients_at_init("events")

lambda_handler = publisher.handler()
