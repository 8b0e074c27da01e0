"""The fixtures in events/ made runnable on the local stack.

The fixtures carry made-up credentials (each API's `fixture_credentials`, ops/facts.py). The
local stack knows none of them; it knows the demo credentials that `local-up` wrote to
.local/stack.json. Before a fixture is invoked, its API's `for_local_stack` (ops/<api>/local.py)
replaces each fixture credential by the local stack's counterpart, keeping what the fixture
stands for: a value the fixtures use on purpose as unknown stays unknown, a bad signature stays
bad, an expired token stays expired; a valid signature or token is made anew, now.

`fresh_email` / `email` replace the body's email (before signing), so a create fixture can make
a new customer each time, or the same one twice (201, then 409).
"""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from ops import facts

Event = facts.Event
Entry = facts.Entry


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


def for_local_stack(
    event: Event, api: str, described: dict[str, Any], *, email: str | None = None
) -> Event:
    """The fixture of `api` as the local stack `described` (stack.json) can answer it."""
    if api not in described:
        raise LookupError(f"{api} is not on the local stack (.local/stack.json): run local-up")
    local, sign_locally = facts.of(api).for_local_stack(event, described[api])
    if email is not None:
        local = with_email(local, email)
    return sign_locally(local)
