"""The `fields` query parameter with Medusa's semantics (xclade_api.fields.select)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xclade_api.fields import ALLOWED_FIELDS, DEFAULT_FIELDS, InvalidFields, parse, select

DEFAULTS = list(DEFAULT_FIELDS)


def without(*names: str) -> list[str]:
    return [name for name in DEFAULTS if name not in names]


def in_response_order(*names: str) -> list[str]:
    return [name for name in ALLOWED_FIELDS if name in names]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (None, DEFAULTS),
        ("+addresses", in_response_order(*DEFAULTS, "addresses")),
        (" addresses", in_response_order(*DEFAULTS, "addresses")),  # `+` decoded as a space
        ("+groups,+addresses", in_response_order(*DEFAULTS, "groups", "addresses")),
        ("-metadata", without("metadata")),
        (
            "-metadata,-phone,+addresses",
            in_response_order(*without("metadata", "phone"), "addresses"),
        ),
        ("email", ["id", "email"]),
        ("email,first_name", ["id", "first_name", "email"]),
        ("email,+phone", ["id", "email", "phone"]),  # any bare entry replaces the defaults
        ("email,-email", ["id", "email"]),  # replacing drops every prefix, `-` included
        ("-email,+email", DEFAULTS),  # applied in order
        ("-id", DEFAULTS),  # id is always returned
        ("id", ["id"]),
        ("", ["id"]),
        (",,email,,", ["id", "email"]),
        ("*addresses", in_response_order(*DEFAULTS, "addresses")),
        ("groups.*", in_response_order(*DEFAULTS, "groups")),
        ("addresses.city", ["id", "addresses"]),
        ("+addresses,-addresses", DEFAULTS),
        ("-password", DEFAULTS),  # removing what is not there is harmless, as in Medusa
    ],
)
def test_selection(fields, expected):
    assert list(select(fields)) == expected


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ("password", ["password"]),
        ("+password", ["password"]),
        (" password", ["password"]),
        ("email,password,+secret,password", ["password", "secret"]),
        ("customer.email", ["customer.email"]),
        ("+default_billing_address_id", ["default_billing_address_id"]),
        ("*addresses.country", ["addresses.country"]),
        ("addresses.country.*", ["addresses.country"]),
        ("EMAIL", ["EMAIL"]),
        ("+", [""]),
    ],
)
def test_names_outside_the_allowed_set_are_refused_together(fields, invalid):
    with pytest.raises(InvalidFields) as refused:
        select(fields)
    assert refused.value.names == invalid


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Names that pass Medusa's `startsWith` check but name no field: accepted, nothing added.
        ("+phone_number", DEFAULTS),
        ("+metadata.key", DEFAULTS),
        ("idx", ["id"]),
        # A dotted name under a relation selects that relation.
        ("addresses.", ["id", "addresses"]),
        ("+groups.name", in_response_order(*DEFAULTS, "groups")),
    ],
)
def test_names_passing_only_the_prefix_check(fields, expected):
    assert list(select(fields)) == expected


def test_every_allowed_name_can_be_selected_alone():
    for name in ALLOWED_FIELDS:
        assert set(select(name)) == {"id", name}


# --- the linear reading is the quadratic one it replaced (issue 21) ------------------------------


def _reference_parse(fields: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """fields.parse as it was (a scan of every selected name per `-name`), kept as the oracle."""
    from xclade_api.fields import _JS_WHITESPACE, _drop_one_modifier, _has_modifier

    selected = dict.fromkeys(DEFAULT_FIELDS)
    if fields is not None:
        entries = [entry for entry in fields.split(",") if entry]
        if not entries or not all(_has_modifier(entry) for entry in entries):
            selected = dict.fromkeys(_drop_one_modifier(entry) for entry in entries)
        else:
            for entry in entries:
                if entry.startswith(("+", " ")):
                    selected[entry.strip(_JS_WHITESPACE).removeprefix("+")] = None
                elif entry.startswith("-"):
                    for existing in list(selected):
                        bare = existing.removeprefix("*")
                        if bare == entry[1:] or bare.startswith(f"{entry[1:]}."):
                            del selected[existing]
                else:
                    selected[entry] = None
        selected["id"] = None
    star: dict[str, None] = {}
    for name in list(selected):
        if name.startswith("*") or name.endswith(".*"):
            star[name[1:] if name.startswith("*") else name[:-2]] = None
            del selected[name]
    return tuple(selected), tuple(star)


_ENTRY_PARTS = st.sampled_from(
    ["+", "-", " ", "*", ".", ".*", "a", "b", "email", "addresses", "id"]
)


@given(
    st.none() | st.lists(st.lists(_ENTRY_PARTS, max_size=5).map("".join), max_size=12).map(",".join)
)
def test_the_linear_reading_selects_as_the_scan_did(fields: str | None) -> None:
    parsed = parse(fields)
    assert (parsed.fields, parsed.star_fields) == _reference_parse(fields)
