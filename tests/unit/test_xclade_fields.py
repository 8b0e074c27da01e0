"""The `fields` query parameter with Medusa's semantics (xclade_api.fields.select)."""

from __future__ import annotations

import pytest
from xclade_api.fields import ALLOWED_FIELDS, DEFAULT_FIELDS, InvalidFields, select

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
