"""The stack's EventBridge bus: PutEvents through the one client of customer_core.store.aws.

A PutEvents call can succeed as a whole and still refuse some entries (FailedEntryCount and an
ErrorCode per refused entry, in the request's order): each entry's outcome is returned, so the
caller can report exactly those as failed and have them retried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from customer_core.store import aws

# PutEvents accepts at most 10 entries per call (EventBridge quota).
MAX_ENTRIES_PER_CALL = 10


@dataclass(frozen=True)
class Entry:
    """One event to put on the bus; `detail` is serialised here, once."""

    source: str
    detail_type: str
    detail: str


@dataclass(frozen=True)
class EntryOutcome:
    """None `error` = accepted by EventBridge (its event id in `event_id`)."""

    event_id: str | None
    error: str | None


@dataclass(frozen=True)
class EventBus:
    name: str

    def put(self, entries: Sequence[Entry]) -> list[EntryOutcome]:
        """Put the entries (≤ 10); one outcome per entry, in order. A failed call raises
        StoreUnavailable (after the client's bounded retries): nothing is known to be put."""
        if not 0 < len(entries) <= MAX_ENTRIES_PER_CALL:
            raise ValueError(f"PutEvents takes 1 to {MAX_ENTRIES_PER_CALL} entries")
        request = [
            {
                "EventBusName": self.name,
                "Source": entry.source,
                "DetailType": entry.detail_type,
                "Detail": entry.detail,
            }
            for entry in entries
        ]
        with aws.failures_as_unavailable():
            answer = aws.service_client("events").put_events(Entries=request)
        return outcomes(answer, len(entries))


def outcomes(answer: Mapping[str, Any], count: int) -> list[EntryOutcome]:
    """Each entry's outcome from a PutEvents answer: an entry without an answer, or a non-zero
    FailedEntryCount that names no entry, counts as failed, never as put."""
    answered = list(answer.get("Entries") or [])
    failed_count = int(answer.get("FailedEntryCount") or 0)
    result = []
    for index in range(count):
        if index >= len(answered):
            # Not answered for: not known to be put (EventBridge answers every entry).
            result.append(EntryOutcome(None, "NoAnswer"))
            continue
        item = answered[index]
        code = item.get("ErrorCode")
        result.append(EntryOutcome(item.get("EventId"), str(code) if code else None))
    if failed_count and not any(o.error for o in result):
        # EventBridge said some failed but named none: none of them is known to be put.
        return [EntryOutcome(None, "FailedEntryCount") for _ in range(count)]
    return result
