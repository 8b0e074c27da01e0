"""COUNT's rules beyond the fields' types: the body limits checked before validation, and the
field rules, which the contract model applies (contract.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from customer_core.http.checks import BodyLimits

# Body limits before validation (docs/hostile-input.md): the deepest valid body is
# body → contacts → contact (3 levels); no field is longer than 255 characters.
LIMITS = BodyLimits(max_depth=3, max_string_length=1_000, max_array_items=100)


def http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or value != value.strip():
        raise ValueError("invalid website")
    return value


def identifies_someone(contact: Any) -> Any:
    """A contact needs a non-blank firstName, lastName or email."""
    if not any(
        (value or "").strip() for value in (contact.firstName, contact.lastName, contact.email)
    ):
        raise ValueError("a contact needs a firstName, lastName or email")
    return contact


def one_primary_contact(contacts: list[Any]) -> list[Any]:
    if sum(1 for contact in contacts if contact.isPrimary) > 1:
        raise ValueError("at most one contact can have isPrimary true")
    return contacts
