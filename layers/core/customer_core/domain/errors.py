"""Domain errors shared by the APIs. Each carries what any API's message needs (the email of a
duplicate, the reason of an authentication failure, the store's error code), so use cases raise
them without knowing any API's vocabulary; each API maps them to responses with its own table
(customer_core.http.frame.ErrorTable)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class DomainError(Exception):
    """Base of every error the logic raises on purpose."""


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field of a request, independent of any API's wording."""

    location: tuple[str | int, ...]
    kind: str
    message: str
    input: Any = None
    context: dict[str, Any] = field(default_factory=dict)


class RequestRejected(DomainError):
    """The HTTP request itself is unusable (body not JSON, too large, wrong content type)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class InvalidBody(DomainError):
    """The body is JSON but breaks the contract; `issues` says where and why."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        super().__init__(f"{len(issues)} invalid field(s)")
        self.issues = issues


class Unauthenticated(DomainError):
    """The caller could not be identified. `reason` names the check that failed (an API words
    it, e.g. as a 401 `code`); `details` is context a client may be shown (never a secret)."""

    def __init__(self, reason: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = dict(details) if details is not None else None


class DuplicateEmail(DomainError):
    """The normalised email already exists in the uniqueness scope; `email` is as sent."""

    def __init__(self, email: str) -> None:
        super().__init__("duplicate email")
        self.email = email


class IdempotencyKeyReused(DomainError):
    """The Idempotency-Key was used before with a different request body."""


class WriteConflict(DomainError):
    """Another write to the same items was in flight (DynamoDB TransactionConflict)."""


class StoreUnavailable(DomainError):
    """The store failed (throttling, timeout, internal error); nothing was written. `cause` is
    the AWS error code or the client exception's name, for the logs."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


@dataclass(frozen=True)
class StoredResponse:
    """The first response to an idempotent request, replayed for a retry with the same key."""

    status_code: int
    body: str

    @classmethod
    def of_json(cls, status_code: int, body: Any) -> StoredResponse:
        """Compact JSON, non-ASCII kept as sent (what the client sent is what it gets back)."""
        return cls(status_code, json.dumps(body, separators=(",", ":"), ensure_ascii=False))


class IdempotentReplay(DomainError):  # a signal, not a failure
    """Signal: a retry with a known Idempotency-Key; the first response is to be replayed."""

    def __init__(self, response: StoredResponse) -> None:
        super().__init__("idempotent replay")
        self.response = response


def failures() -> tuple[type[DomainError], ...]:
    """Every error type above that ends a request with an error response (not the replay
    signal): each API's error table must answer each of them (a unit test holds it to that)."""
    return (
        RequestRejected,
        InvalidBody,
        Unauthenticated,
        DuplicateEmail,
        IdempotencyKeyReused,
        WriteConflict,
        StoreUnavailable,
    )
