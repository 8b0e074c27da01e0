"""A small version of `make load` (tests/e2e/load.py) on the local stack: concurrent new
emails, duplicates, idempotent retries and bad bodies; nothing lost, nothing extra, no 5xx, only
documented statuses (429 included: the stack runs with its low e2e limits here)."""

from __future__ import annotations

from typing import Any

from ops.apis import names
from tests.e2e.load import run_load

REQUESTS_PER_API = 40
CLIENTS = 20


def test_concurrent_creates_lose_nothing_and_add_nothing(local_stack: dict[str, Any]) -> None:
    tallies = run_load(local_stack, requests=REQUESTS_PER_API, clients=CLIENTS)
    # Every API of ops.apis has its place in the load run (tests/e2e/load.py lists them).
    assert sorted(t.api for t in tallies) == sorted(names())
    for tally in tallies:
        assert tally.requests >= REQUESTS_PER_API, tally.line()
        assert tally.ok(), tally.line()
        assert tally.answered_ids, tally.line()  # something was created
