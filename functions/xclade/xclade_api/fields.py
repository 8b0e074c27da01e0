"""The `fields` query parameter, read exactly as Medusa's `prepareListQuery` reads it
(packages/core/framework/src/http/utils/get-query-config.ts, Medusa 2.7.1), against the admin
customer query config (packages/medusa/src/api/admin/customers/query-config.ts).

- Entries are comma-separated, empty ones dropped. If every entry has a modifier (`+`, ` ` — a
  `+` sent unencoded decodes to a space —, `-`, `*…` or `….*`), `+`/` ` add to the defaults and
  `-` removes, in order; as soon as one entry has none, one leading `+`, ` ` or `-` is dropped
  from every entry and the list replaces the defaults (`first_name,-email` selects both).
- `*name` and `name.*` select a relation in full; `id` is always added.
- A name is allowed if it is in the allowed list; a `*` name only then; any other name if it
  starts with an allowed one (Medusa's `startsWith` check: `+phone_number`, `addresses.city`).
  Refused names are listed plain names first, then `*` names, as Medusa lists them.

What Medusa's ORM then does with a name that only passed the `startsWith` check is ours to
decide (docs/apis/xclade.md): a dotted name under a relation (`addresses.city`) selects that
relation; any other such name (`phone_number`, `metadata.key`) selects nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from customer_core.domain.errors import DomainError, InvalidBody
from customer_core.http.validation import validate

from xclade_api.contract import CreateCustomerQuery
from xclade_api.query import QUERY_LIMITS, Limits, normalise, qs_parse

DEFAULT_FIELDS = (
    "id",
    "company_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "metadata",
    "has_account",
    "created_by",
    "created_at",
    "updated_at",
    "deleted_at",
)
RELATIONS = ("addresses", "groups")
# Medusa's `allowed` for admin customers: the defaults and the two relations, nothing else.
ALLOWED_FIELDS = (*DEFAULT_FIELDS, *RELATIONS)
_MODIFIERS = ("-", "+", " ", "*")
# JavaScript's String.prototype.trim: its whitespace and line terminators, not Python's.
_JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


class InvalidQuery(InvalidBody):
    """The query string breaks the contract (unknown parameter, `fields` not a single string)."""


class InvalidFields(DomainError):
    """`fields` names something outside the allowed set."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"{len(names)} invalid field(s)")
        self.names = names


@dataclass(frozen=True)
class ParsedFields:
    """Medusa's two sets, in their insertion order: plain names and `*` (whole-relation) names."""

    fields: tuple[str, ...]
    star_fields: tuple[str, ...]


def from_query(query: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The selected field names, in response order, from the request's query string."""
    pairs = [(name, value) for name, values in query.items() for value in values]
    values: dict[str, Any] = normalise(qs_parse(pairs, Limits(**QUERY_LIMITS)))
    try:
        parsed = validate(CreateCustomerQuery, values)
    except InvalidBody as error:
        raise InvalidQuery(error.issues) from None
    return select(parsed.fields)


def select(fields: str | None) -> tuple[str, ...]:
    """The response's fields for a `fields` value; InvalidFields names what Medusa refuses."""
    parsed = parse(fields)
    invalid = not_allowed(parsed)
    if invalid:
        raise InvalidFields(invalid)
    chosen = {"id", *parsed.star_fields}
    for name in parsed.fields:
        head = name.split(".", 1)[0]
        if name in ALLOWED_FIELDS or ("." in name and head in RELATIONS):
            chosen.add(head)
    return tuple(name for name in ALLOWED_FIELDS if name in chosen)


def parse(fields: str | None) -> ParsedFields:
    """get-query-config's reading of `fields` into plain and `*` names (ordered as a JavaScript
    Set keeps them: a re-added name stays where it first was). Linear in the value's length:
    see `_Selection`."""
    selected = _Selection(DEFAULT_FIELDS)
    if fields is not None:
        entries = [entry for entry in fields.split(",") if entry]
        if not entries or not all(_has_modifier(entry) for entry in entries):
            selected = _Selection(_drop_one_modifier(entry) for entry in entries)
        else:
            for entry in entries:
                if entry.startswith(("+", " ")):
                    selected.add(entry.strip(_JS_WHITESPACE).removeprefix("+"))
                elif entry.startswith("-"):
                    selected.remove(entry[1:])
                else:
                    selected.add(entry)
        selected.add("id")
    plain: dict[str, None] = {}
    star: dict[str, None] = {}
    for name in selected.names:
        if name.startswith("*") or name.endswith(".*"):
            # `replace(/(^\*|\.\*$)/, "")`: only the first (leftmost) of the two goes.
            star[name[1:] if name.startswith("*") else name[:-2]] = None
        else:
            plain[name] = None
    return ParsedFields(tuple(plain), tuple(star))


class _Node:
    __slots__ = ("children", "names")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.names: list[str] = []


class _Selection:
    """The selected names in order, and a trie of their `.`-separated segments (a leading `*`
    ignored), so that `-name` removes the name, its `*` form and everything under it
    (`name.…`, `name.*`) by walking to one node and dropping its subtree: each name is added
    and removed at most once, so a whole `fields` value costs time linear in its length (the
    earlier scan of every selected name per `-name` was quadratic: 5.7 s of CPU at 64 KiB)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: dict[str, None] = {}
        self._root = _Node()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if name in self.names:
            return
        self.names[name] = None
        node = self._root
        for segment in name.removeprefix("*").split("."):
            node = node.children.setdefault(segment, _Node())
        node.names.append(name)

    def remove(self, name: str) -> None:
        # `bare == name or bare.startswith(name + ".")` is: bare's segments start with name's.
        parent, node, last = self._root, self._root, ""
        for segment in name.split("."):
            found = node.children.get(segment)
            if found is None:
                return
            parent, node, last = node, found, segment
        del parent.children[last]
        below = [node]
        while below:
            current = below.pop()
            for removed in current.names:
                del self.names[removed]
            below.extend(current.children.values())


def not_allowed(parsed: ParsedFields) -> list[str]:
    """checkAllowedFields: plain names first, then `*` names; a name may appear twice."""
    refused = []
    star_names = set(parsed.star_fields)
    for name in (*parsed.fields, *parsed.star_fields):
        if name in ALLOWED_FIELDS:
            continue
        if name in star_names or not name.startswith(ALLOWED_FIELDS):
            refused.append(name)
    return refused


def _has_modifier(entry: str) -> bool:
    return entry.startswith(_MODIFIERS) or entry.endswith(".*")


def _drop_one_modifier(entry: str) -> str:
    return entry[1:] if entry.startswith(("+", " ", "-")) else entry
