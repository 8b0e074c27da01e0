"""customer.created from the customer table's stream, on moto: the real create handlers write the
customers, moto's DynamoDB stream gives the records as Lambda would, the real publisher puts the
events on a moto EventBridge bus, and a rule on the bus sends them to an SQS queue (the local
stack's tap) where they are read back. EventBridge's partial failures are injected on the wire
(botocore's before-send hook on the publisher's own client), never by patching our code."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
import jsonschema
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from axim_api import events as axim_events
from axim_api.handler import lambda_handler as axim_handler
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from count_api import events as count_events
from count_api.handler import lambda_handler as count_handler
from customer_core.events.customer_created import DETAIL_TYPE, event_id
from customer_core.settings import EventPublisherSettings, MissingSettings
from customer_core.store import aws as store_aws
from customer_events import handler as publisher_module
from xclade_api import events as xclade_events
from xclade_api.contract import Customer as XcladeCustomer
from xclade_api.handler import lambda_handler as xclade_handler

from ops.openapi import events as event_schemas
from ops.template import function_environment
from tests.support.cfn import resource
from tests.support.count_requests import seed_client, signed_now
from tests.support.event_patterns import matches
from tests.support.events import load, with_body_fields, with_headers
from tests.support.store_faults import _RawBody

TABLE = os.environ["CUSTOMER_TABLE_NAME"]
BUS = os.environ["EVENT_BUS_NAME"]
SOURCES = {"axim": axim_events.SOURCE, "xclade": xclade_events.SOURCE, "count": count_events.SOURCE}


@dataclass
class Tap:
    url: str

    def drain(self) -> list[dict[str, Any]]:
        sqs = boto3.client("sqs", region_name="us-east-1")
        received = []
        while messages := sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            for message in messages:
                received.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return received


@pytest.fixture
def bus(aws) -> Tap:
    """The table's stream on, as template.yaml declares it; the bus; a rule sending every event
    to a queue, as the template's tap rule does."""
    stream = resource("CustomerTable")["Properties"]["StreamSpecification"]
    aws.update_table(
        TableName=TABLE,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]},
    )
    events = boto3.client("events", region_name="us-east-1")
    sqs = boto3.client("sqs", region_name="us-east-1")
    events.create_event_bus(Name=BUS)
    url = sqs.create_queue(QueueName="tap")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_rule(
        Name="tap", EventBusName=BUS, EventPattern=json.dumps({"source": [*SOURCES.values()]})
    )
    events.put_targets(
        Rule="tap", EventBusName=BUS, Targets=[{"Id": "tap", "Arn": arn["QueueArn"]}]
    )
    return Tap(url)


def stream_event(client: Any) -> dict[str, Any]:
    """Every record of the table's stream so far, as Lambda's event source mapping gives them."""
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        for record in streams.get_records(ShardIterator=iterator)["Records"]:
            dynamodb: dict[str, Any] = dict(record["dynamodb"])
            created: datetime = dynamodb["ApproximateCreationDateTime"]
            dynamodb["ApproximateCreationDateTime"] = created.timestamp()  # as Lambda sends it
            records.append({**record, "dynamodb": dynamodb, "eventSourceARN": arn})
    return {"Records": records}


def mapping() -> dict[str, Any]:
    properties = resource("CustomerEventsFunction")["Properties"]["Events"]["CustomerStream"]
    found: dict[str, Any] = properties["Properties"]
    return found


def filter_patterns() -> list[dict[str, Any]]:
    return [json.loads(f["Pattern"]) for f in mapping()["FilterCriteria"]["Filters"]]


def filtered(event: dict[str, Any]) -> dict[str, Any]:
    """The records the mapping's FilterCriteria lets through (any of its patterns)."""
    kept = [r for r in event["Records"] if any(matches(p, r) for p in filter_patterns())]
    return {"Records": kept}


def publish(event: dict[str, Any], lambda_context: Any) -> dict[str, Any]:
    response: dict[str, Any] = publisher_module.lambda_handler(event, lambda_context)
    return response


def respond(event: dict[str, Any], handler: Any, context: Any) -> tuple[int, Any]:
    answer = handler(event, context)
    return answer["statusCode"], json.loads(answer["body"])


@dataclass
class Created:
    """What the APIs answered: each created customer as its create answered it, by id."""

    customers: dict[str, tuple[str, dict[str, Any]]]


def create_through_every_api(lambda_context: Any) -> Created:
    """Creates, duplicates, an idempotent retry and refusals through the real handlers."""
    created: dict[str, tuple[str, dict[str, Any]]] = {}
    sample = load("axim", "create-customer-sample")
    status, body = respond(sample, axim_handler, lambda_context)
    assert status == 201
    created[body["data"]["id"]] = ("axim", body["data"])
    assert respond(sample, axim_handler, lambda_context)[0] == 409  # duplicate: nothing written
    keyed = with_headers(
        with_body_fields(sample, email="keyed@aximcommerce.com"), **{"Idempotency-Key": "k-1"}
    )
    status, body = respond(keyed, axim_handler, lambda_context)
    assert status == 201
    created[body["data"]["id"]] = ("axim", body["data"])
    assert respond(keyed, axim_handler, lambda_context) == (201, body)  # replayed: no new item
    invalid = respond(load("axim", "create-customer-invalid-body"), axim_handler, lambda_context)
    assert invalid[0] == 400

    selected = load("xclade", "create-customer-fields-replace")
    status, body = respond(selected, xclade_handler, lambda_context)
    assert status == 200
    created[body["customer"]["id"]] = ("xclade", body["customer"])
    assert respond(selected, xclade_handler, lambda_context)[0] == 409

    seed_client()
    status, body = respond(
        signed_now(load("count", "create-customer-sample")), count_handler, lambda_context
    )
    assert status == 201
    created[body["data"]["id"]] = ("count", body["data"])
    duplicate = signed_now(load("count", "create-customer-sample"))
    assert respond(duplicate, count_handler, lambda_context)[0] == 409
    return Created(created)


def detail_schema(api: str) -> dict[str, Any]:
    """The published schema's `detail`, with its definitions (openapi/events/)."""
    published = event_schemas.documents()[api]
    return {"$defs": published["$defs"], **published["properties"]["detail"]}


def customer_items(client: Any) -> list[dict[str, Any]]:
    items = client.scan(TableName=TABLE)["Items"]
    return [item for item in items if item["pk"]["S"].startswith("CUSTOMER#")]


# --- exactly one event per stored customer -----------------------------------------------------


def test_one_event_per_stored_customer_shaped_as_each_api_answered_it(aws, bus, lambda_context):
    created = create_through_every_api(lambda_context)
    event = filtered(stream_event(aws))

    assert publish(event, lambda_context) == {"batchItemFailures": []}

    received = bus.drain()
    stored = customer_items(aws)
    assert len(stored) == len(created.customers) == 4
    by_id = {e["detail"]["id"]: e for e in received}
    assert len(received) == len(by_id) == len(stored), "exactly one event per stored customer"
    assert set(by_id) == set(created.customers)
    for customer_id, (api, answered) in created.customers.items():
        received_event = by_id[customer_id]
        assert received_event["source"] == SOURCES[api] == f"customer-api.{api}"
        assert received_event["detail-type"] == DETAIL_TYPE
        detail = received_event["detail"]
        jsonschema.validate(detail, detail_schema(api))
        assert detail["api"] == api
        assert detail["eventId"] == event_id(api, customer_id)
        if api == "xclade":
            # The whole customer, not the `fields` selection the request asked for.
            assert set(answered) < set(detail["customer"])
            assert list(detail["customer"]) == list(XcladeCustomer.model_fields)
            assert {k: detail["customer"][k] for k in answered} == answered
            assert detail["createdAt"] == detail["customer"]["created_at"]
        else:
            assert detail["customer"] == answered
            assert detail["createdAt"] == answered["createdAt"]


def test_the_filter_lets_through_only_inserts_of_customer_items(aws, bus, lambda_context):
    create_through_every_api(lambda_context)
    # A change and a removal of items too (an idempotency record expiring, an operator's edit).
    items = aws.scan(TableName=TABLE)["Items"]
    record = next(i for i in items if i["pk"]["S"].startswith("IDEMPOTENCY#"))
    aws.delete_item(TableName=TABLE, Key={"pk": record["pk"]})
    customer = next(i for i in items if i["pk"]["S"].startswith("CUSTOMER#"))
    aws.put_item(TableName=TABLE, Item={**customer, "note": {"S": "edited"}})
    everything = stream_event(aws)["Records"]
    kinds = {(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"].split("#")[0]) for r in everything}
    assert kinds == {
        ("INSERT", "CUSTOMER"),
        ("INSERT", "IDEMPOTENCY"),
        ("REMOVE", "IDEMPOTENCY"),
        ("MODIFY", "CUSTOMER"),
    }

    kept = filtered({"Records": everything})["Records"]

    assert len(kept) == 4
    assert all(r["eventName"] == "INSERT" for r in kept)
    assert all(r["dynamodb"]["NewImage"]["pk"]["S"].startswith("CUSTOMER#") for r in kept)


def test_without_the_filter_the_publisher_still_announces_only_new_customers(
    aws, bus, lambda_context
):
    created = create_through_every_api(lambda_context)
    items = aws.scan(TableName=TABLE)["Items"]
    record = next(i for i in items if i["pk"]["S"].startswith("IDEMPOTENCY#"))
    aws.delete_item(TableName=TABLE, Key={"pk": record["pk"]})
    everything = stream_event(aws)
    assert len(everything["Records"]) > len(created.customers)

    assert publish(everything, lambda_context) == {"batchItemFailures": []}

    assert sorted(e["detail"]["id"] for e in bus.drain()) == sorted(created.customers)


def test_a_redelivered_batch_carries_the_same_event_ids(aws, bus, lambda_context):
    create_through_every_api(lambda_context)
    event = filtered(stream_event(aws))
    publish(event, lambda_context)
    first = sorted(e["detail"]["eventId"] for e in bus.drain())

    publish(event, lambda_context)  # Lambda retried the batch (at-least-once)

    again = sorted(e["detail"]["eventId"] for e in bus.drain())
    assert first == again
    assert len(set(first)) == len(first)


# --- partial failures ----------------------------------------------------------------------------


def _answer(request: AWSPreparedRequest, status: int, body: dict[str, Any]) -> AWSResponse:
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.1"
    headers["x-amzn-RequestId"] = "INJECTED"
    return AWSResponse(request.url, status, headers, _RawBody(json.dumps(body).encode()))


@dataclass
class WireEventBridge:
    """EventBridge at the wire for the publisher's own client: each PutEvents attempt is answered
    by the next planned answer (accepted by default), and the details it accepted are kept.
    (moto sees the request too; these tests read what was answered, not moto's bus.)"""

    planned: list[str]
    accepted: list[dict[str, Any]]

    def answer(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        plan = self.planned.pop(0) if self.planned else "accept"
        if plan == "throttle":
            return _answer(request, 400, {"__type": "ThrottlingException", "message": "injected"})
        body = request.body if isinstance(request.body, bytes | str) else b"{}"
        (entry,) = json.loads(body)["Entries"]
        if plan == "refuse":
            refused = {"ErrorCode": "InternalFailure", "ErrorMessage": "injected"}
            return _answer(request, 200, {"FailedEntryCount": 1, "Entries": [refused]})
        self.accepted.append(json.loads(entry["Detail"]))
        return _answer(request, 200, {"FailedEntryCount": 0, "Entries": [{"EventId": "e"}]})


@pytest.fixture
def eventbridge() -> Iterator[WireEventBridge]:
    wire = WireEventBridge([], [])
    events = store_aws.service_client("events").meta.events
    events.register_first("before-send.events.PutEvents", wire.answer)
    yield wire
    events.unregister("before-send.events.PutEvents", wire.answer)


def test_a_refused_entry_reports_its_record_and_only_it(aws, bus, lambda_context, eventbridge):
    create_through_every_api(lambda_context)
    event = filtered(stream_event(aws))
    records = event["Records"]
    eventbridge.planned.extend(["accept", "refuse"])  # the second record's event is refused

    response = publish(event, lambda_context)

    second = records[1]["dynamodb"]["SequenceNumber"]
    assert response == {"batchItemFailures": [{"itemIdentifier": second}]}
    accepted = [detail["id"] for detail in eventbridge.accepted]
    refused_id = records[1]["dynamodb"]["NewImage"]["id"]["S"]
    assert refused_id not in accepted
    assert len(accepted) == len(records) - 1


def test_a_put_that_fails_after_its_retries_reports_its_record(
    aws, bus, lambda_context, eventbridge
):
    create_through_every_api(lambda_context)
    event = filtered(stream_event(aws))
    # Every attempt of the first record's put is throttled (the client's bounded retries).
    eventbridge.planned.extend(["throttle"] * store_aws.MAX_ATTEMPTS)

    response = publish(event, lambda_context)

    first = event["Records"][0]["dynamodb"]["SequenceNumber"]
    assert response == {"batchItemFailures": [{"itemIdentifier": first}]}
    assert len(eventbridge.accepted) == len(event["Records"]) - 1


def test_a_batch_whose_every_record_fails_fails_the_invocation(
    aws, bus, lambda_context, eventbridge
):
    create_through_every_api(lambda_context)
    event = filtered(stream_event(aws))
    eventbridge.planned.extend(["refuse"] * len(event["Records"]))

    # Powertools raises so that Lambda retries (and bisects) the whole batch.
    with pytest.raises(BatchProcessingError):
        publish(event, lambda_context)
    assert eventbridge.accepted == []


def test_a_customer_document_of_an_unknown_version_is_reported_not_announced(
    aws, bus, lambda_context
):
    create_through_every_api(lambda_context)
    customer = customer_items(aws)[0]
    later = {**customer, "pk": {"S": "CUSTOMER#axim#store#later@example.com"}, "v": {"N": "2"}}
    aws.put_item(TableName=TABLE, Item=later)
    event = filtered(stream_event(aws))
    last = event["Records"][-1]
    assert last["dynamodb"]["NewImage"]["v"] == {"N": "2"}

    response = publish(event, lambda_context)

    assert response == {
        "batchItemFailures": [{"itemIdentifier": last["dynamodb"]["SequenceNumber"]}]
    }
    assert len(bus.drain()) == len(event["Records"]) - 1


# --- the function and its mapping ----------------------------------------------------------------


def test_the_publisher_reads_exactly_the_variables_the_template_gives():
    settings = publisher_module.settings
    assert isinstance(settings, EventPublisherSettings)
    declared = set(EventPublisherSettings.variables().values())
    from ops.local import sam_local

    given = function_environment("CustomerEventsFunction") - set(sam_local.ENDPOINT_VARIABLES)
    assert declared == given
    with pytest.raises(MissingSettings, match="EVENT_BUS_NAME"):
        EventPublisherSettings.from_environment({v: "x" for v in declared if v != "EVENT_BUS_NAME"})


def test_the_publishers_logs_hold_no_personal_data(aws, bus, lambda_context, eventbridge, capsys):
    """At DEBUG, with a refused entry and an unreadable document: lines name the API and the
    error code, never the customer (its email, name or phone). The logger's stream (stdout,
    bound at import) is swapped for a buffer, as tests/unit/test_logs_pii.py does."""
    create_through_every_api(lambda_context)
    customer = customer_items(aws)[0]
    later = {**customer, "pk": {"S": "CUSTOMER#axim#store#later@example.com"}, "v": {"N": "9"}}
    aws.put_item(TableName=TABLE, Item=later)
    eventbridge.planned.extend(["refuse"])
    logger = publisher_module.obs.logger
    level, stream = logger.log_level, io.StringIO()
    handler: Any = logger.registered_handler  # a StreamHandler (stdout)
    original = handler.setStream(stream)
    logger.setLevel("DEBUG")
    capsys.readouterr()
    try:
        publish(filtered(stream_event(aws)), lambda_context)
    finally:
        logger.setLevel(level)
        if original is not None:
            handler.setStream(original)
    written = capsys.readouterr()
    lines = (stream.getvalue() + written.out + written.err).lower()
    assert "refused" in lines  # the failures were logged
    assert "unreadable" in lines
    for secret in ("@", "john", "doe", "jane", "65161861", "+1 555", "+1-555"):
        assert secret not in lines, secret
