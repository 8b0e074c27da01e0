"""The one source of time, so tests can pin it and every API formats timestamps alike."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_millis(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and a `Z`, e.g. `2026-11-22T13:26:44.123Z`."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def epoch_seconds(moment: datetime) -> int:
    return int(moment.timestamp())
