"""A small version of `make load` (tests/e2e/load.py) on the local stack: concurrent new
emails, duplicates, idempotent retries and bad bodies; nothing lost, nothing extra, no 5xx, only
documented statuses (429 included: the stack runs with its low e2e limits here), and one
customer.created event per stored customer."""

from __future__ import annotations

from typing import Any

from ops.apis import names
from tests.e2e.load import drain_events, event_lines, run_load, tally_events

REQUESTS_PER_API = 40
CLIENTS = 20


def test_concurrent_creates_lose_nothing_and_add_nothing(local_stack: dict[str, Any]) -> None:
    drain_events(local_stack)
    tallies = run_load(local_stack, requests=REQUESTS_PER_API, clients=CLIENTS)
    # Every API of ops.apis has its place in the load run (tests/e2e/load.py lists them).
    assert sorted(t.api for t in tallies) == sorted(names())
    for tally in tallies:
        assert tally.requests >= REQUESTS_PER_API, tally.line()
        assert tally.ok(), tally.line()
        assert tally.answered_ids, tally.line()  # something was created
    events_tally = tally_events(local_stack, tallies)
    print("\n" + "\n".join(event_lines(tallies, events_tally)))
    assert not events_tally.missing, events_tally.line()
    assert events_tally.extra == 0, events_tally.line()
