"""The mailbox an email address names, as the uniqueness key sees it."""

from __future__ import annotations


def mailbox_key(email: str) -> str:
    """The uniqueness form of an email: trimmed and lower-cased (stored as sent elsewhere)."""
    return email.strip().lower()
