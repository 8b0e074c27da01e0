"""`python -m ops events tail` reads the tap queue (moto SQS): each event printed once, in
arrival order, and it stops where it was told to (--max, --idle)."""

from __future__ import annotations

import json
from typing import Any

import boto3
from moto import mock_aws

from ops.events import tail


def _queue_with(events: list[dict[str, Any]]) -> tuple[Any, str]:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="tap")["QueueUrl"]
    for event in events:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(event))
    return sqs, url


def test_every_event_once_then_the_queue_is_empty():
    sent = [{"detail": {"id": str(n)}} for n in range(13)]
    with mock_aws():
        sqs, url = _queue_with(sent)
        read = list(tail.events(url, idle_seconds=0.5, client=sqs))
        assert sorted(e["detail"]["id"] for e in read) == sorted(e["detail"]["id"] for e in sent)
        assert list(tail.events(url, idle_seconds=0.5, client=sqs)) == []


def test_max_stops_after_that_many_and_leaves_the_rest():
    with mock_aws():
        sqs, url = _queue_with([{"detail": {"id": str(n)}} for n in range(5)])
        assert len(list(tail.events(url, max_events=2, client=sqs))) == 2
        assert len(list(tail.events(url, idle_seconds=0.5, client=sqs))) == 3


def test_idle_stops_a_quiet_tail():
    ticks = iter(range(100))
    with mock_aws():
        sqs, url = _queue_with([])
        # The clock advances 1 s per look: idle 3 s ends it after a few empty receives.
        assert list(tail.events(url, idle_seconds=3, client=sqs, clock=lambda: next(ticks))) == []
        assert next(ticks) < 10


def test_the_command_prints_one_json_line_per_event(capsys):
    from ops.__main__ import main

    with mock_aws():
        _, url = _queue_with([{"source": "customer-api.axim", "detail": {"id": "1"}}])
        assert main(["events", "tail", "--queue-url", url, "--idle", "0.5"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line) for line in out.splitlines()] == [
        {"source": "customer-api.axim", "detail": {"id": "1"}}
    ]
    assert "1 event(s)" in err
