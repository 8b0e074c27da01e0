"""Query strings (and form bodies) as a Medusa server sees them.

Express parses them with `qs` (bracket keys make arrays and objects: `fields[]=id` is an array,
`fields[x]=1` an object, `fields=a&fields=b` an array); Medusa's `validateAndTransformQuery` then
splits a one-string array on commas and reads a dotted key as `parent.child`, refusing deeper
ones (packages/core/framework/src/http/utils/validate-query.ts, `normalizeQuery`). Only the
shape matters here: the values are strings, arrays and objects, and the key order is a
JavaScript object's (integer-like keys first, ascending; then the others as they came).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from customer_core.domain.errors import DomainError

# qs 6's defaults, as Express's query parser uses them, and body-parser's for form bodies.
QUERY_LIMITS = {"depth": 5, "array_limit": 20, "parameter_limit": 1000}
_BRACKET_GROUP = re.compile(r"\[[^\[\]]*\]")
_ARRAY_INDEX_MAX = 2**32 - 2


class InvalidQueryKey(DomainError):
    """A dotted query key deeper than `parent.child`: Medusa's INVALID_ARGUMENT."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Key accessor more than 2 levels deep: {key}")
        self.message = f"Key accessor more than 2 levels deep: {key}"


@dataclass(frozen=True)
class Limits:
    depth: int
    array_limit: int
    parameter_limit: int


def qs_parse(pairs: Iterable[tuple[str, str]], limits: Limits) -> dict[str, Any]:
    """Decoded `key=value` pairs as qs builds its object (allowDots off, arrays on)."""
    flat: dict[str, Any] = {}
    for count, (key, value) in enumerate(pairs):
        if count >= limits.parameter_limit:
            break
        if not key:
            continue
        if key not in flat:
            flat[key] = value
        elif isinstance(flat[key], list):
            flat[key].append(value)
        else:
            flat[key] = [flat[key], value]
    result: dict[str, Any] = {}
    # qs keeps the raw keys in a JavaScript object, so `1=a&1[x]=b` and `1[x]=b&1=a` merge alike.
    for key, value in js_ordered(flat).items():
        result = _merge(result, _parse_key(key, value, limits))
    return js_ordered({k: _compact(v) for k, v in result.items()})


def normalise(query: dict[str, Any]) -> dict[str, Any]:
    """Medusa's normalizeQuery: `["a,b"]` → `["a", "b"]`, `a.b` → `{"a": {"b": ...}}`.

    `__proto__.name=value` is JavaScript's own case: `acc["__proto__"] = {...}` sets the
    prototype of Medusa's query object, so zod reads `name` from it as if sent plainly (after
    the query's own keys, which shadow it). qs itself already keeps no `__proto__` key."""
    normalised: dict[str, Any] = {}
    prototype: dict[str, Any] = {}
    # Parents whose object was made here: `{...acc[parent], [child]: value}` copies the parent
    # each time in JavaScript; copying once and adding to that copy gives the same object in
    # time linear in the query (a copy per dotted key was quadratic).
    spread: set[str] = set()
    for key, value in js_ordered(query).items():
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
            value = value[0].split(",")
        if "." in key:
            parent, child, *others = key.split(".", 2)
            if others:
                raise InvalidQueryKey(key)
            if parent == "__proto__":
                prototype[child] = value
                continue
            if parent not in spread:
                normalised[parent] = _spread(normalised.get(parent))
                spread.add(parent)
            normalised[parent][child] = value
        else:
            normalised[key] = value
            spread.discard(key)
    own = js_ordered(normalised)
    return {**own, **{k: v for k, v in js_ordered(prototype).items() if k not in own}}


def js_ordered(obj: dict[str, Any]) -> dict[str, Any]:
    """A JavaScript object's own key order: array-index keys ascending, then insertion order."""
    indices = sorted((k for k in obj if _is_array_index(k)), key=int)
    return {**{k: obj[k] for k in indices}, **{k: v for k, v in obj.items() if k not in indices}}


def _is_array_index(key: str) -> bool:
    # The length first: int() of a long digit string is refused past 4,300 digits (a 500) and
    # quadratic below that; an index has at most ten.
    return _is_canonical_integer(key) and int(key) <= _ARRAY_INDEX_MAX


def _is_canonical_integer(text: str) -> bool:
    """ASCII digits without a leading zero (or "0"), short enough to be an array index."""
    return (
        0 < len(text) <= len(str(_ARRAY_INDEX_MAX))
        and text.isascii()
        and text.isdigit()
        and (text == "0" or not text.startswith("0"))
    )


def _spread(value: Any) -> dict[str, Any]:
    # `{...value}` in JavaScript: objects copy, strings and arrays spread by index, else nothing.
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, str | list):
        return {str(i): item for i, item in enumerate(value)}
    return {}


def _parse_key(key: str, value: Any, limits: Limits) -> dict[str, Any]:
    # qs's parseKeys: the text before the first bracket group, then up to `depth` bracket groups
    # (wherever they are in the key), then the rest from the next group on as one more segment.
    # Only the groups qs reads (depth, and the one the rest starts at), not every one in the key.
    groups = list(islice(_BRACKET_GROUP.finditer(key), limits.depth + 1))
    parent = key[: groups[0].start()] if groups else key
    chain = ([parent] if parent else []) + [group.group() for group in groups[: limits.depth]]
    if len(groups) > limits.depth:
        chain.append(f"[{key[groups[limits.depth].start() :]}]")
    leaf: Any = value
    for segment in reversed(chain):
        leaf = _object_for(segment, leaf, limits)
    # A key that is only `[]` or `[0]` makes an array, merged into the result by its indices.
    return leaf if isinstance(leaf, dict) else _as_object(leaf)


def _object_for(segment: str, leaf: Any, limits: Limits) -> Any:
    if segment == "[]":
        return leaf if isinstance(leaf, list | _Sparse) else [leaf]
    bracketed = segment.startswith("[") and segment.endswith("]")
    clean = segment[1:-1] if bracketed else segment
    if bracketed and _is_canonical_integer(clean):
        index = int(clean)
        if index <= limits.array_limit:
            return _Sparse(index, leaf)
    return {} if clean == "__proto__" else {clean: leaf}


class _Hole:
    """An unset slot of a sparse JavaScript array (qs compacts them away at the end)."""


_HOLE = _Hole()


@dataclass(frozen=True)
class _Sparse:
    """`array[index] = value` on a new JavaScript array: one slot set, its holes implicit, so
    `a[999]=x` costs one slot, not a thousand (materialised only where a list must hold it)."""

    index: int
    value: Any

    def materialised(self) -> list[Any]:
        return [*([_HOLE] * self.index), self.value]


_CONTAINER = (dict, list, _Sparse)


def _merge(target: Any, source: Any) -> Any:
    """qs's utils.merge, for the shapes a query string can make. As qs does, it adds to
    `target` in place (every value here was made by this parse, none is shared), so merging
    each key into the result costs that key's size, not the result's."""
    if isinstance(target, _Sparse):
        target = target.materialised()
    if isinstance(source, _Sparse):
        if isinstance(target, list):
            _set_slot(target, source.index, source.value)
            return target
        if not isinstance(target, dict):
            return [target, *source.materialised()]  # `[target].concat(source)` keeps holes
        source = {str(source.index): source.value}
    if not isinstance(source, dict | list):
        if source == "":
            return target  # `if (!source) return target`
        if isinstance(target, list):
            target.append(source)
            return target
        if isinstance(target, dict):
            target[source] = True
            return target
        return [target, source]
    if not isinstance(target, dict | list):
        return [target, *(source if isinstance(source, list) else [source])]
    if isinstance(target, list) and isinstance(source, list):
        for index, item in enumerate(source):
            if item is not _HOLE:
                _set_slot(target, index, item)
        return target
    base = target if isinstance(target, dict) else _as_object(target)
    for key, item in _as_object(source).items():
        base[key] = _merge(base[key], item) if key in base else item
    return base


def _set_slot(target: list[Any], index: int, item: Any) -> None:
    """qs's merge of one array slot: merged into a container there, pushed after a value,
    set into a hole (holes added up to it: the list grows to its largest index once)."""
    if index < len(target) and target[index] is not _HOLE:
        current = target[index]
        if isinstance(current, _CONTAINER) and isinstance(item, _CONTAINER):
            target[index] = _merge(current, item)
        else:
            target.append(item)
    else:
        target.extend([_HOLE] * (index + 1 - len(target)))
        target[index] = item


def _as_object(value: dict[str, Any] | list[Any] | _Sparse) -> dict[str, Any]:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, _Sparse):
        return {str(value.index): value.value}
    return {str(i): item for i, item in enumerate(value) if item is not _HOLE}


def _compact(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_compact(value.value)]
    if isinstance(value, list):
        return [_compact(item) for item in value if item is not _HOLE]
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items()}
    return value
