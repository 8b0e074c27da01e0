"""Hypothesis strategies for what a hostile or careless client can send: JSON texts (deep
nesting, huge and non-finite numbers, every Unicode category with lone surrogates as escapes,
duplicate keys, wrong types at every path of a valid body), arbitrary bytes and encodings, and
arbitrary header names, values, letter case and duplicates."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

# Every code point, surrogates included (only ever written as \\u escapes in JSON text).
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
any_text = st.text(any_char, max_size=40)


class Pairs(list[tuple[str, Any]]):
    """A JSON object as written: its keys in order, repeats allowed."""


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
    st.sampled_from(["", " ", "a@b.co", "x" * 70_000, "\u0000", "\ud800", "\udfff"]),
)

json_trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(st.tuples(any_text, children), max_size=4).map(Pairs),
    ),
    max_leaves=20,
)


def write_json(value: Any) -> str:
    """`value` as JSON text the way a client could write it: duplicate keys kept, lone
    surrogates as escapes, non-finite floats as the non-JSON literals Python would write."""
    if isinstance(value, Pairs):
        return "{" + ",".join(f"{json.dumps(k)}:{write_json(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(write_json(item) for item in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # any size: str() of a big int has no digit limit issue below 10**400
    return json.dumps(value)  # ensure_ascii: surrogates become \\udxxx, nan/inf NaN/Infinity


def deep_nesting(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated_bodies(draw: st.DrawFn, sample: dict[str, Any]) -> str:
    """A valid body with one path changed: a value of any type, removed, or an extra key; or
    the body written with a duplicate key."""
    body = copy.deepcopy(sample)
    path = draw(st.sampled_from(_paths(body)))
    how = draw(st.sampled_from(["replace", "replace", "remove", "extra", "duplicate", "deep"]))
    if how == "duplicate":
        pairs = Pairs(list(body.items()))
        key = draw(st.sampled_from([k for k, _ in pairs] or ["email"]))
        pairs.append((key, draw(json_trees)))
        return write_json(_as_pairs(pairs))
    if not path:
        return write_json(draw(json_trees))
    parent = body
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "remove":
        del parent[last]
    elif how == "extra" and isinstance(parent, dict):
        parent[draw(any_text)] = draw(json_trees)
    elif how == "deep":
        parent[last] = json.loads(deep_nesting(draw(st.integers(1, 60))))
    else:
        parent[last] = _from_pairs(draw(json_trees))
    return write_json(_as_pairs(body))


def _as_pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return Pairs([(k, _as_pairs(v)) for k, v in value.items()])
    if isinstance(value, Pairs):
        return Pairs([(k, _as_pairs(v)) for k, v in value])
    if isinstance(value, list):
        return [_as_pairs(item) for item in value]
    return value


def _from_pairs(value: Any) -> Any:
    # Inside a body built as a dict, a generated object keeps its last value per key.
    if isinstance(value, Pairs):
        return {k: _from_pairs(v) for k, v in value}
    if isinstance(value, list):
        return [_from_pairs(item) for item in value]
    return value


@st.composite
def raw_bodies(draw: st.DrawFn, sample: dict[str, Any]) -> tuple[bytes, str | None]:
    """(the body's bytes, the charset the client names, if any)."""
    kind = draw(
        st.sampled_from(
            [
                "valid",
                "valid",
                "mutated",
                "mutated",
                "mutated",
                "tree",
                "deep",
                "bytes",
                "encoded",
                "empty",
                "bom",
                "proto",
                "worst",
            ]
        )
    )
    if kind == "valid":
        # The sample under a new mailbox: successes, duplicates and store failures get their share.
        local = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12))
        return json.dumps({**sample, "email": f"{local}@example.com"}).encode(), None
    if kind == "mutated":
        return draw(mutated_bodies(sample)).encode("utf-8", "surrogatepass"), None
    if kind == "tree":
        return write_json(draw(json_trees)).encode(), None
    if kind == "deep":
        depth = draw(st.sampled_from([100, 999, 1000, 5000, 100_000]))
        inner = draw(st.sampled_from(["1", "{}", '{"a":1}']))
        wrapper = draw(st.sampled_from(["[", '{"email":']))
        text = deep_nesting(depth, inner) if wrapper == "[" else '{"a":' * depth + "1" + "}" * depth
        return text.encode(), None
    if kind == "bytes":
        return draw(st.binary(max_size=200)), None
    if kind == "encoded":
        charset = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "utf-8-sig"]))
        text = json.dumps(sample, ensure_ascii=False)
        return text.encode(charset, "replace"), draw(st.sampled_from([charset, None, "utf-8"]))
    if kind == "bom":
        # A UTF-8 byte-order mark first (Medusa's parser drops it; Axim and COUNT refuse it).
        inner_raw, inner_charset = draw(raw_bodies(sample))
        return b"\xef\xbb\xbf" + inner_raw, inner_charset
    if kind == "proto":
        # `__proto__` as a member name at the top and inside every object member of the body.
        body = {
            k: {**v, "__proto__": draw(scalars)} if isinstance(v, dict) else v
            for k, v in sample.items()
        }
        members = [*body.items(), *([("__proto__", {"a": 1})] if draw(st.booleans()) else [])]
        return write_json(Pairs(members)).encode("utf-8", "surrogatepass"), None
    if kind == "worst":
        # Issue 21's worst-case shapes (tests/support/worst_case.py) at a drawn size.
        from tests.support.worst_case import JSON_SHAPES

        shape = JSON_SHAPES[draw(st.sampled_from(sorted(JSON_SHAPES)))]
        return shape(draw(st.sampled_from([64, 1024, 4096, 64 * 1024]))).encode(), None
    return b"", None


@st.composite
def form_bodies(draw: st.DrawFn, sample: dict[str, Any]) -> bytes:
    """`application/x-www-form-urlencoded` bodies as qs reads them: the sample's fields, then
    generated keys (brackets, `__proto__`, indices, deep and many keys) or a worst-case shape."""
    from urllib.parse import quote

    from tests.support.worst_case import FORM_SHAPES

    if draw(st.integers(0, 4)) == 0:
        shape = FORM_SHAPES[draw(st.sampled_from(sorted(FORM_SHAPES)))]
        return shape(draw(st.sampled_from([64, 4096, 64 * 1024]))).encode()
    plain = [(k, v) for k, v in sample.items() if isinstance(v, str)]
    segment = st.sampled_from(["a", "b", "__proto__", "0", "1", "99", "", "constructor", "x.y"])
    keys = st.lists(segment, min_size=0, max_size=draw(st.sampled_from([3, 8, 40]))).map(
        lambda parts: "metadata" + "".join(f"[{p}]" for p in parts)
    )
    extra = draw(st.lists(st.tuples(keys, st.one_of(any_text, st.just("x" * 10_001))), max_size=30))
    pairs = [*plain, *extra]
    return "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs).encode(
        "utf-8", "surrogatepass"
    )


header_names = st.one_of(
    st.sampled_from(
        [
            "Content-Type",
            "content-type",
            "CONTENT-TYPE",
            "Idempotency-Key",
            "idempotency-key",
            "Authorization",
            "accessToken",
            "x-client-id",
            "x-timestamp",
            "x-signature",
            "Host",
        ]
    ),
    st.text(any_char, min_size=1, max_size=20),
)
header_values = st.one_of(
    any_text,
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "APPLICATION/JSON",
            "application/json;",
            "",
            " ",
            "x" * 20_000,
        ]
    ),
)
extra_headers = st.lists(st.tuples(header_names, header_values), max_size=4)
