"""Item conversion (customer_core.store.aws.to_item / from_item) is boto3's TypeSerializer and
TypeDeserializer, but for one difference held here: a top-level None is left out of the item (no
attribute), where the serializer would store it as NULL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from customer_core.store import aws

# Every kind of value our items hold, nested ones included.
VALUES: dict[str, Any] = {
    "pk": "CUSTOMER#axim#store#john@aximcommerce.com",
    "v": 1,
    "expiresAt": 1_790_086_400,
    "amount": Decimal("12.50"),
    "active": True,
    "doc": '{"firstName":"John"}',
    "blob": b"\x00\x01",
    "nested": {"list": [1, "two", None, False], "empty": {}, "none": None},
}


def test_to_item_is_the_serializer_without_top_level_none():
    serializer = TypeSerializer()
    values = {**VALUES, "deletedAt": None}

    item = aws.to_item(values)

    assert serializer.serialize(None) == {"NULL": True}  # what the library would store
    assert "deletedAt" not in item
    assert item == {key: serializer.serialize(value) for key, value in VALUES.items()}
    # A None inside a map or list is a value of that map or list: NULL, as the library has it.
    assert item["nested"]["M"]["none"] == {"NULL": True}
    assert item["nested"]["M"]["list"]["L"][2] == {"NULL": True}


def test_from_item_is_the_deserializer():
    item = aws.to_item(VALUES)
    deserializer = TypeDeserializer()

    values = aws.from_item(item)

    assert values == {key: deserializer.deserialize(value) for key, value in item.items()}
    assert values["v"] == Decimal(1)  # numbers come back as Decimal
    assert values["pk"] == VALUES["pk"]
    assert values["nested"] == {"list": [1, "two", None, False], "empty": {}, "none": None}


@pytest.mark.parametrize(
    "value", [1.5, {"nested": 0.1}, Decimal("Infinity"), Decimal("NaN")], ids=repr
)
def test_inexact_numbers_are_refused(value):
    with pytest.raises(TypeError):
        aws.to_item({"number": value})
