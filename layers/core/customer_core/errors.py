"""Domain errors shared by the three APIs. Each API maps them to its own vocabulary."""

from __future__ import annotations

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
    """The caller could not be identified; `code` tells which check failed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class DuplicateEmail(DomainError):
    """The normalised email already exists in the uniqueness scope."""


class IdempotencyKeyReused(DomainError):
    """The Idempotency-Key was used before with a different request body."""


class WriteConflict(DomainError):
    """Another write to the same items was in flight (DynamoDB TransactionConflict)."""


class StoreUnavailable(DomainError):
    """The store failed (throttling, timeout, internal error); nothing was written."""


@dataclass(frozen=True)
class StoredResponse:
    """The first response to an idempotent request, replayed for a retry with the same key."""

    status_code: int
    body: str


class IdempotentReplay(DomainError):  # a signal, not a failure
    """Signal: a retry with a known Idempotency-Key; the first response is to be replayed."""

    def __init__(self, response: StoredResponse) -> None:
        super().__init__("idempotent replay")
        self.response = response
