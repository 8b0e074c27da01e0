"""The `fields` query parameter with Medusa's semantics.

Comma-separated entries: `+name` (or ` name`, as `+` decodes to a space) adds to the defaults,
`-name` removes, an entry without a prefix makes the selection replace the defaults; `*name` and
`name.*` (Medusa's whole-relation forms) add. `id` is always returned. Names outside the allowed
set are refused, all of them in one message.
"""

from __future__ import annotations

from collections.abc import Mapping

from customer_core.domain.errors import DomainError, InvalidBody
from customer_core.http.validation import parse_model

from xclade_api.contract import CreateCustomerQuery

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
ALLOWED_FIELDS = (
    *DEFAULT_FIELDS,
    *RELATIONS,
    "default_billing_address_id",
    "default_shipping_address_id",
)
_ADDING_PREFIXES = ("+", " ", "*")


class InvalidQuery(InvalidBody):
    """The query string breaks the contract (unknown parameter, `fields` not a single string)."""


class InvalidFields(DomainError):
    """`fields` names something outside the allowed set."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(f"{len(names)} invalid field(s)")
        self.names = names


def from_query(query: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The selected field names, in response order, from the request's query string."""
    # A parameter given once is a string, given twice a list: Medusa validates it the same way.
    values = {name: given[0] if len(given) == 1 else given for name, given in query.items()}
    try:
        parsed = parse_model(CreateCustomerQuery, values)
    except InvalidBody as error:
        raise InvalidQuery(error.issues) from None
    return select(parsed.fields)


def select(fields: str | None) -> tuple[str, ...]:
    if fields is None:
        return DEFAULT_FIELDS
    entries = [entry for entry in fields.split(",") if entry]
    replaces = not entries or any(not _is_prefixed(entry) for entry in entries)
    selected: list[str] = [] if replaces else list(DEFAULT_FIELDS)
    invalid: list[str] = []
    for entry in entries:
        if entry.startswith("-"):
            name = entry[1:].strip()
            selected = [s for s in selected if s != name and not s.startswith(f"{name}.")]
            continue
        name = _field_name(entry)
        if not _is_allowed(name):
            if name not in invalid:
                invalid.append(name)
        elif name not in selected:
            selected.append(name)
    if invalid:
        raise InvalidFields(invalid)
    chosen = {"id", *(name.split(".", 1)[0] for name in selected)}
    return tuple(name for name in ALLOWED_FIELDS if name in chosen)


def _is_prefixed(entry: str) -> bool:
    return entry.startswith(("-", *_ADDING_PREFIXES)) or entry.endswith(".*")


def _field_name(entry: str) -> str:
    name = entry.strip()
    if name.startswith(("+", "*")):
        name = name[1:].strip()
    return name.removesuffix(".*")


def _is_allowed(name: str) -> bool:
    # A relation's own fields (`addresses.city`) select the relation.
    relation, dot, rest = name.partition(".")
    if dot:
        return relation in RELATIONS and bool(rest)
    return name in ALLOWED_FIELDS
