"""The API Gateway events in events/, loaded (and varied) for tests as sam local uses them."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

EVENTS = Path(__file__).resolve().parents[2] / "events"


def load(api: str, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / api / f"{name}.json").read_text())
    return loaded


def with_body(event: dict[str, Any], body: Any) -> dict[str, Any]:
    varied = copy.deepcopy(event)
    varied["body"] = body if isinstance(body, str) or body is None else json.dumps(body)
    return varied


def with_headers(event: dict[str, Any], **headers: str | None) -> dict[str, Any]:
    """Set (or with None remove) headers, by case-insensitive name."""
    varied = copy.deepcopy(event)
    for name, value in headers.items():
        name = name.replace("_", "-")
        for key in [k for k in varied["headers"] if k.lower() == name.lower()]:
            del varied["headers"][key]
            varied.get("multiValueHeaders", {}).pop(key, None)
        if value is not None:
            varied["headers"][name] = value
            varied.setdefault("multiValueHeaders", {})[name] = [value]
    return varied


def body_of(event: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(event["body"])
    return loaded


def with_body_fields(event: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The event with body fields set (`...` removes one)."""
    body = body_of(event)
    for name, value in fields.items():
        if value is ...:
            body.pop(name, None)
        else:
            body[name] = value
    return with_body(event, body)
