"""Timestamps for signed requests: a signature over the same bytes twice is a replay."""

from __future__ import annotations

import threading

from customer_core.domain.clock import utc_now

_last_millis = 0
_millis_lock = threading.Lock()


def unique_now_millis() -> str:
    """Now in milliseconds, never the same twice in this process: two signings in the same
    millisecond would give two identical requests (a replay); the lock keeps that true for the
    concurrent requests of tests/e2e."""
    global _last_millis
    with _millis_lock:
        _last_millis = max(int(utc_now().timestamp() * 1000), _last_millis + 1)
        return str(_last_millis)
