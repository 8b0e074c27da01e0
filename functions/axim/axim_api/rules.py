"""Axim's rules beyond the fields' types: the body limits checked before validation, and the
rules across fields, which the contract model applies (contract.py)."""

from __future__ import annotations

from typing import Any

from customer_core.http.checks import BodyLimits

# Body limits before validation (docs/hostile-input.md): metaFields values are free JSON, so
# nesting is allowed a few levels below `metaFields[i].value`; notes may be long.
LIMITS = BodyLimits(max_depth=8, max_string_length=10_000, max_array_items=100)


def one_default_address(addresses: list[Any] | None) -> list[Any] | None:
    if addresses and sum(1 for address in addresses if address.isDefaultAddress) > 1:
        raise ValueError("at most one address can have isDefaultAddress true")
    return addresses


def unique_codes(fields: list[Any] | None) -> list[Any] | None:
    codes = [field.code for field in fields or []]
    if len(codes) != len(set(codes)):
        raise ValueError("metaFields codes must be unique")
    return fields
