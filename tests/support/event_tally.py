"""customer.created events read back from the local stack's tap queue, tallied against the
customers a run stored: stored, received, missing, extra (e2e test and `make load`)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ops.events import tail


@dataclass
class Tally:
    stored: set[str]  # customer ids the run stored
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def received(self) -> Counter[str]:
        return Counter(str(event["detail"]["id"]) for event in self.events)

    @property
    def missing(self) -> set[str]:
        return self.stored - set(self.received)

    @property
    def extra(self) -> int:
        """Events beyond one per stored customer: copies, and events of customers not stored."""
        return sum(n - (1 if i in self.stored else 0) for i, n in self.received.items())

    def line(self) -> str:
        return (
            f"customers stored {len(self.stored)}, events received {len(self.events)},"
            f" missing {len(self.missing)}, extra {self.extra}"
        )


def drain(queue_url: str, client: Any, *, idle_seconds: float) -> list[dict[str, Any]]:
    """Everything in the tap until it has been quiet for `idle_seconds`."""
    return list(tail.events(queue_url, idle_seconds=idle_seconds, client=client))


def collect(
    queue_url: str,
    client: Any,
    stored: Iterable[str],
    *,
    timeout_s: float,
    settle_s: float,
) -> Tally:
    """Events until every stored customer has one (then `settle_s` more, so that copies and
    strays are counted), or until `timeout_s`."""
    tally = Tally(set(stored))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and tally.missing:
        tally.events += list(tail.events(queue_url, max_events=100, idle_seconds=2, client=client))
    tally.events += drain(queue_url, client, idle_seconds=settle_s)
    return tally


def compact(event: dict[str, Any]) -> str:
    return json.dumps(event, ensure_ascii=False)
