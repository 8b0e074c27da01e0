"""The fixtures in events/ made runnable on the local stack.

The fixtures carry made-up credentials (FIXTURE_CREDENTIALS below): an Axim token, a COUNT
client with its secret, token and team, and xclade JWTs signed with a fixture key. The local
stack knows none of them; it knows the demo credentials that `local-up` wrote to
.local/stack.json. Before a fixture is invoked, each fixture credential is replaced by the local
stack's counterpart, keeping what the fixture stands for:

- a credential value (token, client id, team) is replaced wherever it appears: headers, multi-value
  headers and the authorizer context of create events. Values the fixtures use on purpose as
  unknown (another client, a made-up token) are not fixture credentials and stay as they are;
- a COUNT signature is re-made with the local client's secret only if the fixture's signature is
  valid for the fixture secret (a bad signature stays bad); a timestamp equal to the fixtures'
  signing time becomes now, in milliseconds (a stale or malformed one stays), so a signed fixture
  never goes stale and never repeats (the same signature twice is a replay);
- an xclade JWT is re-signed with the local stack's key only if the fixture key signed it; its
  claims are kept (an expired token stays expired).

`fresh_email` / `email` replace the body's email (before signing), so a create fixture can make
a new customer each time, or the same one twice (201, then 409).
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jwt
from customer_core.auth import jwt_hs256

# The made-up credentials the fixtures in events/ were made with (tests/unit/test_ops_invoke.py
# checks each against the fixtures themselves).
AXIM_FIXTURE_TOKEN = "axim-fixture-token-7f3c9a1e5b2d4c6e8a0b"  # noqa: S105 - a fixture's  # nosec B105
COUNT_FIXTURE_CLIENT_ID = "cli_fixture00000000000000001"
COUNT_FIXTURE_SECRET = "count-fixture-secret-3b9f1c7d5e2a4f6b8c0d"  # noqa: S105 - a fixture's  # nosec B105
COUNT_FIXTURE_TOKEN = "count-fixture-token-a1b2c3d4e5f6a7b8c9d0"  # noqa: S105 - a fixture's  # nosec B105
COUNT_FIXTURE_TEAM = "team_alpha"
COUNT_FIXTURE_SIGNED_AT = "1795440404"
XCLADE_FIXTURE_SECRET = "xclade-fixture-secret-3f9a7c1e5b2d4c6e8a0b1d3f5a7c9e1b"  # noqa: S105 - a fixture's  # nosec B105

Event = dict[str, Any]
Entry = dict[str, Any]  # an API's entry in .local/stack.json


def header(event: Event, name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return None


def set_header(event: Event, name: str, value: str) -> None:
    """Set a header (its existing spelling kept) in headers and multiValueHeaders."""
    headers = event.setdefault("headers", {})
    key = next((k for k in headers if k.lower() == name.lower()), name)
    headers[key] = value
    if event.get("multiValueHeaders") is not None:
        event["multiValueHeaders"][key] = [value]


def replace_values(event: Event, replacements: dict[str, str]) -> Event:
    """Every string of the event except its body with each fixture value replaced."""

    def replaced(value: Any) -> Any:
        if isinstance(value, str):
            for old, new in replacements.items():
                value = value.replace(old, new)
            return value
        if isinstance(value, list):
            return [replaced(item) for item in value]
        if isinstance(value, dict):
            return {key: replaced(item) for key, item in value.items()}
        return value

    body = event.get("body")
    changed: Event = replaced({k: v for k, v in event.items() if k != "body"})
    if "body" in event:
        changed["body"] = body
    return changed


def with_email(event: Event, email: str) -> Event:
    """The event with its JSON body's email replaced (a body without one is left alone)."""
    try:
        body = json.loads(event.get("body") or "")
    except ValueError:
        return event
    if not isinstance(body, dict) or "email" not in body:
        return event
    changed = copy.deepcopy(event)
    changed["body"] = json.dumps({**body, "email": email})
    return changed


def fresh_email(event: Event) -> str:
    """An address no earlier invocation used, in the fixture's own domain when it has one."""
    try:
        current = str(json.loads(event.get("body") or "").get("email", ""))
    except (ValueError, AttributeError):
        current = ""
    domain = current.rpartition("@")[2] or "example.com"
    return f"local.{uuid.uuid4().hex[:16]}@{domain}"


# --- Per API ------------------------------------------------------------------------------------


def prepare_axim(event: Event, entry: Entry) -> tuple[Event, Callable[[Event], Event]]:
    local = replace_values(event, {AXIM_FIXTURE_TOKEN: entry["headers"]["accessToken"]})
    return local, lambda prepared: prepared


def prepare_count(event: Event, entry: Entry) -> tuple[Event, Callable[[Event], Event]]:
    from count_api.count_signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

    from ops.count.clients import signed_headers

    timestamp = header(event, TIMESTAMP_HEADER)
    signature = header(event, SIGNATURE_HEADER)
    fixture_signed = (
        timestamp is not None
        and signature is not None
        and signature
        == sign(
            COUNT_FIXTURE_SECRET,
            event["httpMethod"],
            event["path"],
            timestamp,
            (event.get("body") or "").encode(),
        )
    )
    token = entry["headers"]["Authorization"].removeprefix("Bearer ")
    local = replace_values(
        event,
        {
            COUNT_FIXTURE_CLIENT_ID: entry["clientId"],
            COUNT_FIXTURE_TOKEN: token,
            COUNT_FIXTURE_TEAM: entry["teamId"],
        },
    )

    def sign_locally(prepared: Event) -> Event:
        """After the body is final: the timestamp and signature the fixture stands for."""
        if timestamp is None:
            return prepared
        signed = copy.deepcopy(prepared)
        sent_at = None if timestamp == COUNT_FIXTURE_SIGNED_AT else timestamp
        headers = signed_headers(
            client_id=entry["clientId"],
            secret=entry["clientSecret"],
            method=signed["httpMethod"],
            path=signed["path"],
            body=(signed.get("body") or "").encode(),
            timestamp=sent_at,
        )
        set_header(signed, TIMESTAMP_HEADER, headers[TIMESTAMP_HEADER])
        if fixture_signed:
            set_header(signed, SIGNATURE_HEADER, headers[SIGNATURE_HEADER])
        return signed

    return local, sign_locally


def prepare_xclade(event: Event, entry: Entry) -> tuple[Event, Callable[[Event], Event]]:
    authorization = header(event, "Authorization") or ""
    scheme, _, token = authorization.partition(" ")
    local = copy.deepcopy(event)
    claims = _claims_signed_by(token, XCLADE_FIXTURE_SECRET)
    if claims is not None:
        claims = _current(claims)
        token = jwt.encode(claims, entry["jwtSecret"], algorithm=jwt_hs256.ALGORITHM)
        set_header(local, "Authorization", f"{scheme} {token}")
    return local, lambda prepared: prepared


def _claims_signed_by(token: str, secret: str) -> dict[str, Any] | None:
    """The token's claims if `secret` signed it, whatever its times say."""
    try:
        return jwt.decode(
            token,
            secret,
            algorithms=[jwt_hs256.ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.InvalidTokenError:
        return None


def _current(claims: dict[str, Any]) -> dict[str, Any]:
    """A token still valid today is issued now, for its own lifetime up to the authorizer's
    maximum (a fixture's token cannot stay valid for ever and within a bounded lifetime); an
    expired one keeps its times and stays expired."""
    now = int(datetime.now(UTC).timestamp())
    expires, issued = claims.get("exp"), claims.get("iat", now)
    if not isinstance(expires, int) or not isinstance(issued, int) or expires <= now:
        return claims
    lifetime = min(expires - issued, jwt_hs256.MAX_LIFETIME_SECONDS)
    return {**claims, "iat": now, "exp": now + lifetime}


PREPARERS: dict[str, Callable[[Event, Entry], tuple[Event, Callable[[Event], Event]]]] = {
    "axim": prepare_axim,
    "xclade": prepare_xclade,
    "count": prepare_count,
}


def for_local_stack(
    event: Event, api: str, described: dict[str, Any], *, email: str | None = None
) -> Event:
    """The fixture of `api` as the local stack `described` (stack.json) can answer it."""
    if api not in described:
        raise LookupError(f"{api} is not on the local stack (.local/stack.json): run local-up")
    local, sign_locally = PREPARERS[api](event, described[api])
    if email is not None:
        local = with_email(local, email)
    return sign_locally(local)
