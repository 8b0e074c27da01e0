"""COUNT's operator commands: `python -m ops count register-client|issue-token|
revoke-token|sign`."""

from __future__ import annotations

from typing import Any

from ops.count import clients


def register(commands: Any) -> None:
    clients.register(commands)
