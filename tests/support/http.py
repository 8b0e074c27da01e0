"""A small HTTP client on the standard library, for the end-to-end tier."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

TIMEOUT_S = 30


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        return json.loads(self.body)

    def __str__(self) -> str:  # what a failed assertion shows
        return f"{self.status} {dict(self.headers)} {self.body[:500]!r}"


def send(
    method: str, url: str, *, headers: Mapping[str, str] | None = None, body: Any = None
) -> Response:
    """One request; a JSON-able body is sent as JSON, bytes and str as they are."""
    data = body if isinstance(body, bytes | None) else None
    if isinstance(body, str):
        data = body.encode()
    elif data is None and body is not None:
        data = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - tests call local http URLs only
        url, data=data, method=method, headers=dict(headers or {})
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:  # noqa: S310
            return _response(answer.status, answer.headers.items(), answer.read())
    except urllib.error.HTTPError as error:
        return _response(error.code, error.headers.items(), error.read())


def _response(status: int, headers: Any, body: bytes) -> Response:
    return Response(int(status), {str(k).lower(): str(v) for k, v in headers}, body)


def post_json(url: str, headers: Mapping[str, str], body: Any) -> Response:
    return send("POST", url, headers={"Content-Type": "application/json", **headers}, body=body)


def burst(call: Callable[[], Response], *, count: int, concurrency: int) -> list[Response]:
    """`count` calls, `concurrency` at a time: bounded in number, each bounded in time."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda _: call(), range(count)))
