"""A bounded load run on the local stack: per API, creates from concurrent clients — new emails,
duplicates (another spelling of an earlier email), idempotent retries (the same Idempotency-Key
and body twice) and bad bodies — then a tally that must show nothing lost and nothing extra:
every 2xx answer's customer is stored exactly once, every stored customer of the run was
answered 2xx, no 5xx, and only statuses the API documents. Beside it, the customer.created
events read back from the local stack's tap queue: one per stored customer, none missing, none
extra (docs/events.md).

`make load` runs it at 2,000 requests per API and 20 clients with the local usage-plan limits
raised (python -m tests.e2e.load); tests/e2e/test_load.py runs a small version.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ops.count.clients import signed_headers
from ops.local import process as local
from tests.support import events
from tests.support.count_requests import unique_now_millis
from tests.support.event_tally import Tally as EventTally
from tests.support.event_tally import collect, drain
from tests.support.http import Response, send

# Statuses each API may answer on this route: its function's and its gateway responses'.
DOCUMENTED = {
    "axim": {201, 400, 401, 409, 429, 500},
    "xclade": {200, 400, 401, 409, 429, 500},
    "count": {201, 400, 401, 409, 429, 500},
}
SAMPLES = {
    "axim": "create-customer-sample",
    "xclade": "create-customer-valid",
    "count": "create-customer-sample",
}
KINDS = ["new"] * 6 + ["duplicate", "idempotent", "idempotent", "bad"]
# The stream consumer announces each stored customer; on this 2-core machine MiniStack's
# mapping delivered a few per second to tens per second: allow this much per customer.
EVENT_SECONDS_PER_CUSTOMER = 0.5
EVENTS_SETTLE_S = 15
# MiniStack starts a Lambda environment per concurrent request at first: on a busy machine the
# first answers take long. A request still unanswered after this counts as "no answer" (status
# 0) and fails the run: its customer may or may not exist.
ANSWER_TIMEOUT_S = 180
NO_ANSWER = 0


@dataclass
class Tally:
    api: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    answered_ids: set[str] = field(default_factory=set)
    stored_ids: set[str] = field(default_factory=set)
    mismatched_retries: int = 0

    @property
    def lost(self) -> int:
        return len(self.answered_ids - self.stored_ids)

    @property
    def extra(self) -> int:
        return len(self.stored_ids - self.answered_ids)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def undocumented(self) -> int:
        return sum(c for s, c in self.statuses.items() if s not in DOCUMENTED[self.api])

    @property
    def unanswered(self) -> int:
        return self.statuses[NO_ANSWER]

    def ok(self) -> bool:
        return not (
            self.lost
            or self.extra
            or self.server_errors
            or self.undocumented
            or self.mismatched_retries
        )

    def line(self) -> str:
        statuses = ", ".join(f"{s}: {c}" for s, c in sorted(self.statuses.items()))
        return (
            f"{self.api:<7} requests {self.requests:>5}  statuses {{{statuses}}}  stored "
            f"{len(self.stored_ids):>5}  answered 2xx (distinct) {len(self.answered_ids):>5}  "
            f"lost {self.lost}  extra {self.extra}  retries differing {self.mismatched_retries}"
        )


class Client:
    """Sends one API's creates as its real clients do (COUNT: each request signed anew)."""

    def __init__(self, api: str, entry: dict[str, Any]) -> None:
        self.api, self.entry = api, entry
        self.sample = events.body_of(events.load(api, SAMPLES[api]))

    def body(self, email: str) -> bytes:
        return json.dumps({**self.sample, "email": email}).encode()

    def post(self, body: bytes, idempotency_key: str | None = None) -> Response:
        headers = {"Content-Type": "application/json"}
        if self.api == "count":
            headers.update(self._signed(body))
        else:
            headers.update(self.entry["headers"])
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            # A 429 is one of the run's answers, tallied as it comes.
            return send(
                "POST",
                self.entry["url"],
                headers=headers,
                body=body,
                timeout=ANSWER_TIMEOUT_S,
                retry_throttled=False,
            )
        except OSError:  # a timeout or a refused connection: no answer
            return Response(NO_ANSWER, {}, b"")

    def _signed(self, body: bytes) -> dict[str, str]:
        entry = self.entry
        signed = signed_headers(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            method="POST",
            path="/",
            body=body,
            timestamp=unique_now_millis(),
            token=entry["headers"]["Authorization"].removeprefix("Bearer "),
        )
        return {"x-api-key": entry["headers"]["x-api-key"], **signed}


def created_id(api: str, response: Response) -> str:
    body = response.json()
    return str(body["customer"]["id"] if api == "xclade" else body["data"]["id"])


def run_api(api: str, entry: dict[str, Any], *, requests: int, clients: int, run: str) -> Tally:
    client = Client(api, entry)
    tally = Tally(api)

    def one(number: int) -> list[tuple[Response, str | None]]:
        kind = KINDS[number % len(KINDS)]
        email = f"load-{run}-{number}@Example.com"
        if kind == "duplicate":
            # Another spelling of an earlier request's email (a "new" one, 1 to 6 back).
            email = f"LOAD-{run}-{number - 1 - number % 6}@example.COM"
        if kind == "bad":
            return [(client.post(b'{"email": "not-an-address", "x": [[[[[[[[[1]]]]]]]]]}'), None)]
        if kind == "idempotent":
            key = f"load-{run}-{number}"
            body = client.body(email)
            return [(client.post(body, key), key), (client.post(body, key), key)]
        return [(client.post(client.body(email)), None)]

    with ThreadPoolExecutor(max_workers=clients) as pool:
        # Idempotent kinds send two requests: stop planning once the total is reached.
        planned, numbers = 0, []
        for number in range(requests):
            planned += 2 if KINDS[number % len(KINDS)] == "idempotent" else 1
            numbers.append(number)
            if planned >= requests:
                break
        results = list(pool.map(one, numbers))
    for answers in results:
        ids = set()
        for response, _key in answers:
            tally.requests += 1
            tally.statuses[response.status] += 1
            if response.status in (200, 201):
                ids.add(created_id(api, response))
        if len(answers) == 2 and len(ids) > 1:
            tally.mismatched_retries += 1  # an idempotent retry must replay the same customer
        tally.answered_ids |= ids
    tally.stored_ids = stored_ids(api, run)
    return tally


def stored_ids(api: str, run: str) -> set[str]:
    """Ids of this run's customers of `api` in the local CustomerTable."""
    import boto3

    described = json.loads(local.STACK_FILE.read_text())
    outputs = boto3.client(
        "cloudformation",
        endpoint_url=described["endpoint"],
        region_name=described["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    ).describe_stacks(StackName=described["stack"])["Stacks"][0]["Outputs"]
    table = next(o["OutputValue"] for o in outputs if o["OutputKey"] == "CustomerTableName")
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=described["endpoint"],
        region_name=described["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    found: set[str] = set()
    marker = f"load-{run}-"
    for page in dynamodb.get_paginator("scan").paginate(TableName=table):
        for item in page["Items"]:
            key = item["pk"]["S"]
            if key.startswith(f"CUSTOMER#{api}#") and marker in key:
                found.add(item["id"]["S"])
    return found


def run_load(described: dict[str, Any], *, requests: int, clients: int) -> list[Tally]:
    run = uuid.uuid4().hex[:10]
    return [
        run_api(api, described[api], requests=requests, clients=clients, run=run)
        for api in DOCUMENTED
        if api in described
    ]


def _sqs(described: dict[str, Any]) -> Any:
    import boto3

    return boto3.client(
        "sqs",
        endpoint_url=described["endpoint"],
        region_name=described["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def drain_events(described: dict[str, Any]) -> None:
    """Empty the tap before a run: earlier customers' events are not this run's."""
    drain(described["events"]["queueUrl"], _sqs(described), idle_seconds=5)


def tally_events(described: dict[str, Any], tallies: list[Tally]) -> EventTally:
    """The run's events, read from the tap, against the customers the run stored."""
    stored = set().union(*(t.stored_ids for t in tallies))
    timeout = max(120.0, EVENT_SECONDS_PER_CUSTOMER * len(stored))
    return collect(
        described["events"]["queueUrl"],
        _sqs(described),
        stored,
        timeout_s=timeout,
        settle_s=EVENTS_SETTLE_S,
    )


def event_lines(tallies: list[Tally], events_tally: EventTally) -> list[str]:
    lines = []
    for tally in tallies:
        per_api = EventTally(
            tally.stored_ids,
            [e for e in events_tally.events if e["detail"]["api"] == tally.api],
        )
        lines.append(f"{tally.api:<7} events: {per_api.line()}")
    lines.append(f"all     events: {events_tally.line()}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per API")
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    already_running = local.ministack_answers()
    ops = [sys.executable, "-m", "ops", "--stack", "customer-api"]
    env = {**os.environ, **local.local_environment()}
    subprocess.run([*ops, "local-up"], env=env, check=True)  # noqa: S603 - our own CLI
    try:
        described = json.loads(local.STACK_FILE.read_text())
        print(f"throttle of the run: {described['throttle']}", flush=True)
        drain_events(described)
        tallies = run_load(described, requests=args.requests, clients=args.clients)
        for tally in tallies:
            print(tally.line(), flush=True)
        print("waiting for the run's customer.created events (tap queue)", flush=True)
        events_tally = tally_events(described, tallies)
    finally:
        if not already_running:
            subprocess.run([*ops, "local-down"], env=env, check=False)  # noqa: S603
    for line in event_lines(tallies, events_tally):
        print(line)
    events_ok = not events_tally.missing and events_tally.extra == 0
    return 0 if all(t.ok() for t in tallies) and events_ok else 1


if __name__ == "__main__":
    os.environ.update(local.local_environment())
    raise SystemExit(main())
