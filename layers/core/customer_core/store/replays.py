"""Replay protection for signed requests, kept on the customer a request creates.

A signed request that creates a customer leaves a mark on it: a digest of its signature, written
by the same conditional put as the customer (customer_core.store.customers). A copy of that
request names the same email in the same team (the signature covers the body, the client fixes
the team), so its put fails on the customer its original created, and the failure returns that
item (ReturnValuesOnConditionCheckFailure=ALL_OLD): the mark tells the copy (RequestReplayed)
from another request for the same email (a duplicate). One store call per create, no record of
its own: a copy can neither create nor change anything, and two copies racing meet in the one
conditional write, where only one can win.

A copy of a request that created nothing finds no mark and is answered as its original was
(the same body, the same refusal), which changes nothing either.
"""

from __future__ import annotations

import hashlib

from customer_core.domain.errors import DomainError

# The item attribute holding the mark, and the mark's length: 128 bits of SHA-256 tell two
# signatures apart as surely as the whole digest would, and keep a COUNT customer of the
# document's sample under the 1 KB write unit (docs/storage.md).
MARK_ATTRIBUTE = "sig"
MARK_BYTES = 16


def request_mark(client_id: str, signature: str) -> bytes:
    """The mark a signed request leaves on the customer it creates (any case of hex digits)."""
    text = f"{client_id}:{signature.strip().lower()}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:MARK_BYTES]


class RequestReplayed(DomainError):
    """The customer this write would create was created by this very signed request before: the
    request is a copy of one already served. The API answers it in its own words (COUNT: 401
    REPLAYED_REQUEST); nothing was written."""
