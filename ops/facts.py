"""What the rest of the project needs to know of an API, declared once by the API itself.

Each API's `ops/<api>/__init__.py` holds `FACTS = ApiFacts(...)`: its statuses, its sample
fixture and the made-up credentials its fixtures carry, how a client presents its credentials,
how the local stack provisions them, where a created customer's id is, its operator commands.
Its routes and resources come from template.yaml (ops.apis), its limits and contract from its own
package (`<api>_api.rules`, `<api>_api.contract`), its OpenAPI document from ops/<api>/openapi.py.
Every place that lists APIs (local stack, bench, load run, test tables) reads these, so none of
them names a product; tests/unit/test_api_registry.py checks that every API declares them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

Event = dict[str, Any]
Entry = dict[str, Any]  # an API's entry in .local/stack.json
# A fixture made runnable on the local stack, and what to do once its body is final (sign it).
Prepared = tuple[Event, Callable[[Event], Event]]


@dataclass(frozen=True)
class RequestSigning:
    """An API whose requests carry a signature over the body (re-made for every request)."""

    module: str  # a module of the API's package with `sign(secret, method, path, timestamp, body)`
    secret: str  # the fixtures' signing secret
    # A local stack entry's headers for a POST of a body to a path, signed at a timestamp
    # (now, in milliseconds, when None).
    signed_headers: Callable[[Entry, str, bytes, str | None], dict[str, str]]
    # The command that prints those headers when run (a pasted curl command signs then).
    signer_command: Callable[[Entry, str, str], list[str]]
    timestamp_header: str
    signature_header: str


@dataclass(frozen=True)
class ApiFacts:
    created: int  # the status of a created customer
    # Every status its create route answers (the function's and its gateway responses'); the
    # gateway adds 403/404 for routes that do not exist.
    statuses: frozenset[int]
    created_id: tuple[str, ...]  # where a created customer's id is in the answer's JSON body
    credential_headers: tuple[str, ...]  # the headers its authorizer reads
    # The made-up credentials its fixtures in events/<api>/ carry, by what each one is.
    fixture_credentials: Mapping[str, str]
    # The fixtures' credentials as a client presents them, valid now (a JWT is signed anew).
    fixture_headers: Callable[[], dict[str, str]]
    # Writes the fixtures' credentials into the credential table AUTH_TABLE_NAME names (moto,
    # DynamoDB Local): what the authorizers and functions read of them.
    seed_fixture_credentials: Callable[[], None]
    # Secrets Manager secrets its functions read: the variable naming the secret -> its value
    # for the fixtures (moto is given them, the bench's stand-in serves them).
    fixture_secrets: Mapping[str, str]
    # The local stack: its demo credentials (the rest of its stack.json entry) ...
    provision: Callable[[Any], Entry]  # (ops.local.provision.DeployedApi) -> entry
    # ... and a fixture given the local stack's credentials in place of the fixtures' ones.
    for_local_stack: Callable[[Event, Entry], Prepared]
    register: Callable[[Any], None]  # its operator commands under `python -m ops <api>`
    sample: str = "create-customer-sample"  # events/<api>/<sample>.json: a create that succeeds
    signing: RequestSigning | None = None
    # The most store calls one create makes (a fresh execution environment): its timeout's basis.
    store_calls: int = 1
    # The sample as valid now (a fixture token past the lifetime the authorizer accepts).
    current: Callable[[Event], Event] = field(default=lambda event: event)

    @property
    def signed(self) -> bool:
        return self.signing is not None

    def id_of(self, body: Any) -> str:
        for key in self.created_id:
            body = body[key]
        return str(body)


@cache
def of(api: str) -> ApiFacts:
    """`FACTS` of ops/<api>/__init__.py."""
    module = importlib.import_module(f"ops.{api}")
    found = getattr(module, "FACTS", None)
    if not isinstance(found, ApiFacts):
        raise LookupError(f"ops/{api}/__init__.py declares no FACTS = ApiFacts(...)")
    return found
