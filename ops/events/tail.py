"""`python -m ops events tail`: the events of the customer event bus, read from the tap queue the
local stack's rule fills (.local/stack.json `events.queueUrl`, or --queue-url), one JSON object
per line, as they arrive.

Bounded: it stops at Ctrl-C, after --max events, or after --idle seconds without one. Reading
takes the messages off the queue (an SQS queue has no other way to read): each event is printed
once, by the one reader.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from ops.local.process import STACK_FILE

# SQS long polling: at most 20 s per receive; short enough for --idle to stop on time.
WAIT_SECONDS = 1


def tap_queue_url() -> str:
    if not STACK_FILE.is_file():
        raise SystemExit(f"{STACK_FILE} not found: run `make local-up`, or give --queue-url")
    described = json.loads(STACK_FILE.read_text())
    if "events" not in described:
        raise SystemExit(f"{STACK_FILE} has no `events`: run `make local-up` again")
    url: str = described["events"]["queueUrl"]
    return url


def events(
    queue_url: str,
    *,
    max_events: int | None = None,
    idle_seconds: float | None = None,
    client: Any = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[dict[str, Any]]:
    """Each event as it arrives, deleted from the queue once yielded."""
    import boto3

    sqs: Any = client or boto3.client("sqs")
    seen = 0
    last = clock()
    while max_events is None or seen < max_events:
        if idle_seconds is not None and clock() - last > idle_seconds:
            return
        wanted = 10 if max_events is None else min(10, max_events - seen)
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=wanted, WaitTimeSeconds=WAIT_SECONDS
        ).get("Messages", [])
        for message in messages:
            event: dict[str, Any] = json.loads(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            seen += 1
            last = clock()
            yield event


def register(commands: Any) -> None:
    group = commands.add_parser("events", help="customer.created events (docs/events.md)")
    actions = group.add_subparsers(dest="events_command", required=True)
    tail = actions.add_parser(
        "tail", help="print events as they arrive (local stack's tap queue); Ctrl-C stops"
    )
    tail.add_argument(
        "--queue-url", help="any queue a rule feeds (default: the local stack's tap, stack.json)"
    )
    tail.add_argument("--max", type=int, dest="max_events", help="stop after this many events")
    tail.add_argument("--idle", type=float, help="stop after this many seconds without an event")
    tail.add_argument("--pretty", action="store_true", help="indented JSON, not one line each")
    tail.set_defaults(run=_tail)


def _tail(args: argparse.Namespace) -> int:
    from ops.local.process import use_local_aws

    url = args.queue_url
    if url is None:
        url = tap_queue_url()
        if args.endpoint_url is None:
            use_local_aws()  # stack.json's tap is the local stack's
    print(f"tailing {url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    count = 0
    with contextlib.suppress(KeyboardInterrupt):
        for event in events(url, max_events=args.max_events, idle_seconds=args.idle):
            print(json.dumps(event, indent=2 if args.pretty else None, ensure_ascii=False))
            sys.stdout.flush()
            count += 1
    print(f"{count} event(s)", file=sys.stderr)
    return 0
