"""Worst-case inputs for every check on a body, a header or a query string, at a given size,
as API Gateway events for the real handlers (issue 21: work linear in the request's size).

A shape is the input that makes one check do the most work per byte: escaped quotes after open
brackets (the old depth pre-scan restarted a regex match at each one), long runs of brackets,
long strings, numbers and escapes, many members and items, many commas in xclade's `fields`,
deep and many form keys, dotted query keys, long headers and tokens. Each `Case` builds its
event for a size in bytes (of the part the shape fills) and says which handler reads it.

`python -m tests.support.worst_case` prints the CPU time of each case at 4, 16 and 64 KiB (the
note of issue 21 has its table before and after); tests/unit/test_linear_work.py holds them.
"""

from __future__ import annotations

import copy
import gc
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support import count_requests, xclade
from tests.support.events import load, with_headers
from tests.support.lambda_context import LambdaContextStub

KIB = 1024
SIZES = (4 * KIB, 16 * KIB, 64 * KIB)

Event = dict[str, Any]


def fill(prefix: str, unit: str, suffix: str, size: int) -> str:
    """`prefix`, then `unit` repeated, then `suffix`: `size` characters at most."""
    count = max(0, (size - len(prefix) - len(suffix)) // len(unit))
    return prefix + unit * count + suffix


def numbered(prefix: str, template: str, separator: str, suffix: str, size: int) -> str:
    """`template` formatted with 0, 1, 2, … joined by `separator`, within `size` characters."""
    parts: list[str] = []
    length = len(prefix) + len(suffix)
    index = 0
    while True:
        part = template.format(index)
        if length + len(part) + len(separator) > size:
            break
        parts.append(part)
        length += len(part) + len(separator)
        index += 1
    return prefix + separator.join(parts) + suffix


# --- body shapes (JSON, every API) ----------------------------------------------------------------

EMAIL = '"email":"jane@example.com"'

JSON_SHAPES: dict[str, Callable[[int], str]] = {
    # The body: more brackets than the depth limit (so the old pre-scan ran, though they
    # nest two deep), then a string of escaped quotes that never ends: the old scan's regex
    # restarted at each quote and ran to the end of the text.
    "escaped quotes": lambda n: fill('[{},{},{},{},{},{},{},{},{},"', '\\"', "", n),
    "escaped quotes, closed": lambda n: fill(
        '{"x":[{},{},{},{},{},{},{},{},{}],"y":"', '\\"', '"}', n
    ),
    "open brackets": lambda n: "[" * n,
    "closed brackets": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "open braces": lambda n: fill("", '{"a":', "", n),
    "long string": lambda n: fill("{" + EMAIL + ',"x":"', "a", '"}', n),
    "long member name": lambda n: fill('{"', "a", '":1}', n),
    "unicode escapes": lambda n: fill("{" + EMAIL + ',"x":"', "\\u00e9", '"}', n),
    "surrogate escapes": lambda n: fill('{"x":"', "\\ud800", '"}', n),
    "many members": lambda n: numbered("{", '"m{}":0', ",", "}", n),
    "many items": lambda n: fill('{"x":[', "0,", "0]}", n),
    "many strings": lambda n: fill('{"x":[', '"",', '""]}', n),
    "long integer": lambda n: fill('{"x":', "1", "}", n),
    "long decimal": lambda n: fill('{"x":0.', "1", "}", n),
    "long exponent": lambda n: fill('{"x":1e', "0", "1}", n),
    "duplicate members": lambda n: fill("{", '"a":0,', '"a":0}', n),
}

# --- xclade: form bodies and query strings ------------------------------------------------------

FORM_SHAPES: dict[str, Callable[[int], str]] = {
    "deep form key": lambda n: fill("metadata", "[a]", "=1", n),
    "many form keys": lambda n: numbered("", "metadata[k{}]=1", "&", "", n),
    "form array indices": lambda n: numbered("", "metadata[a][{}]=1", "&", "", n),
    "form array pushes": lambda n: fill("", "metadata[a][]=1&", "metadata[a][]=1", n),
    "form brackets": lambda n: fill("metadata", "[", "=1", n),
    "form long value": lambda n: fill("metadata[a]=", "a", "", n),
    "form digit key": lambda n: fill("metadata[", "1", "]=1", n),
    "form encoded bytes": lambda n: fill("metadata[a]=", "%C3%A9", "", n),
}

QUERY_SHAPES: dict[str, Callable[[int], dict[str, list[str]]]] = {
    "fields: many commas": lambda n: {"fields": [fill("", ",", "id", n)]},
    "fields: adds then removes": lambda n: {
        "fields": [
            numbered("", "+x{}", ",", "", n // 2) + "," + fill("", "-y,", "-y", n // 2),
        ]
    },
    "fields: star names": lambda n: {"fields": [numbered("", "*x{}", ",", "", n)]},
    "fields: removes under a name": lambda n: {
        "fields": [numbered("", "+a.x{}", ",", "", n // 2) + "," + fill("", "-b,", "-a", n // 2)]
    },
    "dotted keys": lambda n: {key: ["1"] for key in numbered("", "a.k{}", "\n", "", n).split("\n")},
    "dotted keys on a long value": lambda n: {
        "a": ["a" * (n // 2)],
        **{key: ["1"] for key in numbered("", "a.k{}", "\n", "", n // 2).split("\n")},
    },
    "query digit key": lambda n: {"1" * n: ["1"]},
    "query bracket key": lambda n: {fill("fields", "[a]", "", n): ["1"]},
    "query array indices": lambda n: {
        key: ["1"] for key in numbered("", "fields[{}]", "\n", "", n).split("\n")
    },
    "query repeated key": lambda n: {"fields": ["x"] * (n // 8)},
}


@dataclass(frozen=True)
class Case:
    """One check's worst case: `event(size)` for `api`'s create function or authorizer."""

    api: str
    name: str
    event: Callable[[int], Event]
    authorizer: bool = False
    # Built afresh for each run (COUNT's signature is single-use): signing is not timed.
    tags: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.api}-{'authorizer' if self.authorizer else 'function'}-{self.name}"


def _with_raw_body(event: Event, body: str, content_type: str = "application/json") -> Event:
    varied = with_headers(event, **{"Content-Type": content_type})
    varied["body"] = body
    varied["isBase64Encoded"] = False
    return varied


def _create_event(api: str) -> Event:
    return load(api, "create-customer-sample")


def _signed(api: str, event: Event) -> Event:
    return count_requests.signed_now(event) if api == "count" else event


def _body_case(api: str, name: str, shape: Callable[[int], str]) -> Case:
    return Case(api, name, lambda n: _signed(api, _with_raw_body(_create_event(api), shape(n))))


def _form_case(name: str, shape: Callable[[int], str]) -> Case:
    form = "application/x-www-form-urlencoded"
    return Case("xclade", name, lambda n: _with_raw_body(_create_event("xclade"), shape(n), form))


def _query_case(name: str, shape: Callable[[int], dict[str, list[str]]]) -> Case:
    def event(n: int) -> Event:
        varied = copy.deepcopy(_create_event("xclade"))
        query = shape(n)
        varied["multiValueQueryStringParameters"] = query
        varied["queryStringParameters"] = {key: values[-1] for key, values in query.items()}
        return varied

    return Case("xclade", name, event)


def _header_case(api: str, name: str, header: str, value: Callable[[int], str]) -> Case:
    return Case(
        api, name, lambda n: _signed(api, with_headers(_create_event(api), **{header: value(n)}))
    )


def _count_header_case(name: str, header: str, value: Callable[[int], str]) -> Case:
    # Set after signing: the long value is what the function reads.
    return Case(
        "count",
        name,
        lambda n: with_headers(
            count_requests.signed_now(_create_event("count")), **{header: value(n)}
        ),
    )


def _authorizer_event(api: str) -> Event:
    names = {"axim": "authorizer-valid-token", "xclade": "authorizer-valid-token"}
    return load(api, names.get(api, "authorizer-valid"))


def _authorizer_case(api: str, name: str, header: str, value: Callable[[int], str]) -> Case:
    return Case(
        api,
        name,
        lambda n: with_headers(_authorizer_event(api), **{header: value(n)}),
        authorizer=True,
    )


def cases() -> list[Case]:
    found: list[Case] = []
    for api in ("axim", "xclade", "count"):
        found += [_body_case(api, name, shape) for name, shape in JSON_SHAPES.items()]
        found.append(_header_case(api, "long Idempotency-Key", "Idempotency-Key", _letters))
        found.append(_header_case(api, "long Content-Type", "Content-Type", _content_type))
    found += [_form_case(name, shape) for name, shape in FORM_SHAPES.items()]
    found += [_query_case(name, shape) for name, shape in QUERY_SHAPES.items()]
    found += [
        _count_header_case("long x-signature", "x-signature", lambda n: "a" * n),
        _count_header_case("long x-timestamp", "x-timestamp", lambda n: "1" * n),
        _count_header_case("long x-client-id", "x-client-id", _letters),
        _authorizer_case("axim", "long accessToken", "accessToken", _letters),
        _authorizer_case("axim", "long Bearer accessToken", "accessToken", _bearer),
        _authorizer_case("axim", "spaces in accessToken", "accessToken", _spaces),
        _authorizer_case("count", "long Authorization", "Authorization", _bearer),
        _authorizer_case("count", "spaces in Authorization", "Authorization", _spaces),
        _authorizer_case("count", "long x-client-id", "x-client-id", _letters),
        _authorizer_case("xclade", "long JWT", "Authorization", _jwt_shaped),
        _authorizer_case("xclade", "long JWT segments", "Authorization", _jwt_dots),
        _authorizer_case("xclade", "spaces in Authorization", "Authorization", _spaces),
    ]
    return found


def _letters(n: int) -> str:
    return "a" * n


def _bearer(n: int) -> str:
    return fill("Bearer ", "a", "", n)


def _spaces(n: int) -> str:
    return fill("Bearer", " ", "a", n)


def _content_type(n: int) -> str:
    return numbered("application/json;", "p{}=1", ";", "", n)


def _jwt_shaped(n: int) -> str:
    third = (n - 7) // 3
    return "Bearer " + ".".join(["e" * third, "e" * third, "e" * third])


def _jwt_dots(n: int) -> str:
    return fill("Bearer ", "a.", "a", n)


# --- running a case -----------------------------------------------------------------------------


def prepare(api: str) -> None:
    """What the handlers read before they work, in the current (mocked) account."""
    from tests.unit.test_axim_authorizer import seed as seed_axim_token

    if api == "axim":
        seed_axim_token()
    elif api == "xclade":
        xclade.install_secret()
    else:
        count_requests.seed_client()
        count_requests.seed_token()


def handler_of(case: Case) -> Callable[[Event, Any], Any]:
    module = f"{case.api}_api.{'authorizer' if case.authorizer else 'handler'}"
    handler: Callable[[Event, Any], Any] = importlib.import_module(module).lambda_handler
    return handler


def cpu_seconds(case: Case, size: int, runs: int = 5) -> float:
    """The median CPU time (time.process_time) of the handler on the case's event at `size`.
    Events are built before each timed call; an authorizer's refusal (an exception, as API
    Gateway wants it) is an answer like any other."""
    handler = handler_of(case)
    context = LambdaContextStub()
    times = []
    # The heap so far (moto, boto3, pydantic) out of the collector's way: a full collection
    # walks it all, at moments the case's own allocations decide, which is noise, not the shape.
    gc.collect()
    gc.freeze()
    for _ in range(runs):
        event = case.event(size)
        start = time.process_time()
        try:
            handler(event, context)
        except Exception as error:  # Unauthorized is the authorizers answer
            if type(error).__name__ != "Unauthorized":
                raise
        times.append(time.process_time() - start)
    gc.unfreeze()
    return statistics.median(times)


def answer(case: Case, size: int) -> Any:
    """The handler's answer (or the authorizer's refusal's name) for the case at `size`."""
    try:
        return handler_of(case)(case.event(size), LambdaContextStub())
    except Exception as error:
        return type(error).__name__


def main(argv: list[str]) -> None:
    """Print `case  4KiB  16KiB  64KiB` CPU seconds, for the cases whose name contains argv[1]."""
    import logging

    import tests.conftest  # noqa: F401 - the test environment (table names, fake credentials)
    from tests.support.generated import fresh_store

    logging.disable(logging.CRITICAL)
    wanted = argv[1] if len(argv) > 1 else ""
    for case in cases():
        if wanted not in str(case):
            continue
        with fresh_store():
            prepare(case.api)
            answer(case, SIZES[0])  # warm: imports and first-use caches are not the shape's cost
            row = [cpu_seconds(case, size, runs=3) for size in SIZES]
        status = answer_status(case)
        print(f"{case!s:<55} " + "  ".join(f"{t:8.4f}" for t in row) + f"   {status}")
        sys.stdout.flush()


def answer_status(case: Case) -> str:
    from tests.support.generated import fresh_store

    with fresh_store():
        prepare(case.api)
        result = answer(case, SIZES[-1])
    if isinstance(result, dict) and "statusCode" in result:
        body = str(result.get("body", ""))[:90]
        return f"{result['statusCode']} {json.dumps(body)[:90]}"
    if isinstance(result, dict):
        return str(result.get("policyDocument", {}).get("Statement", [{}])[0].get("Effect"))
    return str(result)


if __name__ == "__main__":
    main(sys.argv)
