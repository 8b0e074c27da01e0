"""`python -m ops events tail`: print customer.created events as they arrive (docs/events.md)."""

from ops.events.tail import register

__all__ = ["register"]
