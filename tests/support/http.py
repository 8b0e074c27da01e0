"""A small HTTP client on the standard library, for the end-to-end tier: requests, exact answers
in an API's shape, and bounded concurrent bursts."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

TIMEOUT_S = 30
# A single request answered 429 by a usage plan is sent again after its Retry-After, as a client
# does: the tests share each API's low local limits, and a fast machine can pace sequential
# tests past them. Bursts (which look for the 429) never retry. Bounded: 4 retries, 2 s each.
THROTTLE_RETRIES = 4
MAX_RETRY_AFTER_S = 2.0
_bursting = False


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
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: Any = None,
    timeout: float = TIMEOUT_S,
    retry_throttled: bool = True,
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
    response = _once(request, timeout)
    for _ in range(THROTTLE_RETRIES if retry_throttled and not _bursting else 0):
        retry_after = response.header("retry-after")
        if response.status != 429 or retry_after is None:
            break
        time.sleep(min(float(retry_after), MAX_RETRY_AFTER_S))
        response = _once(request, timeout)
    return response


def _once(request: urllib.request.Request, timeout: float) -> Response:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return _response(answer.status, answer.headers.items(), answer.read())
    except urllib.error.HTTPError as error:
        return _response(error.code, error.headers.items(), error.read())


def _response(status: int, headers: Any, body: bytes) -> Response:
    return Response(int(status), {str(k).lower(): str(v) for k, v in headers}, body)


def post_json(url: str, headers: Mapping[str, str], body: Any) -> Response:
    return send("POST", url, headers={"Content-Type": "application/json", **headers}, body=body)


def burst(call: Callable[[], Response], *, count: int, concurrency: int) -> list[Response]:
    """`count` calls, `concurrency` at a time: bounded in number, each bounded in time. A 429
    is an answer here, never retried."""
    global _bursting
    _bursting = True
    try:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(lambda _: call(), range(count)))
    finally:
        _bursting = False


@dataclass(frozen=True)
class Expected:
    """An answer in an API's own shape: status, media type and the exact body (a JSON value,
    compared parsed; or bytes, compared as they are)."""

    status: int
    body: Any
    content_type: str = "application/json"


def assert_answer(response: Response, expected: Expected) -> None:
    """A gateway response that lost the API's shape (the emulator's or AWS's default) fails."""
    assert response.status == expected.status, f"expected {expected.status}: {response}"
    media_type = (response.header("content-type") or "").split(";")[0].strip()
    assert media_type == expected.content_type, f"expected {expected.content_type}: {response}"
    if isinstance(expected.body, bytes):
        assert response.body == expected.body, f"expected {expected.body!r}: {response}"
    else:
        assert response.json() == expected.body, f"expected {expected.body}: {response}"


@dataclass(frozen=True)
class BurstOutcome:
    warm_up: list[Response]
    responses: list[Response]  # after the warm-up
    elapsed_s: float  # from the first request after the warm-up to the last answer

    @property
    def throttled(self) -> list[Response]:
        return [r for r in self.responses if r.status == 429]

    @property
    def served(self) -> list[Response]:
        return [r for r in self.responses if r.status != 429]


def burst_until_throttled(
    call: Callable[[], Response], *, concurrency: int = 4, wave: int = 40, max_requests: int = 200
) -> BurstOutcome:
    """Concurrent waves of `call` until the first 429, at most `max_requests` requests.

    First one request per worker-to-be: the emulator starts a function worker for each request
    in flight (seconds each on a busy machine), and a burst slowed by that would never pass the
    limit. A slow machine refills the bucket while it sends, so how many requests a 429 takes
    varies; the caller's bound on what was served holds either way.
    """
    warm_up = burst(call, count=concurrency, concurrency=concurrency)
    started = time.monotonic()
    responses: list[Response] = []
    while len(responses) < max_requests and not any(r.status == 429 for r in responses):
        responses += burst(call, count=wave, concurrency=concurrency)
    return BurstOutcome(warm_up, responses, time.monotonic() - started)
