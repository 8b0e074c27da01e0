"""DynamoDB item size and write cost by the documented rules (Developer Guide, "Item sizes and
formats" and "Capacity unit consumption for write operations").

Used where DynamoDB reports no consumed capacity (a rejected conditional write answers with an
error and no ConsumedCapacity), and cross-checked against what DynamoDB Local reports for the
writes that succeed.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

WRITE_UNIT_BYTES = 1024


def number_size(text: str) -> int:
    """Numbers: about one byte per two significant digits, plus one (plus one if negative)."""
    value = Decimal(text)
    digits = value.as_tuple().digits
    significant = "".join(map(str, digits)).strip("0") or "0"
    return math.ceil(len(significant) / 2) + 1 + (1 if value.is_signed() else 0)


def value_size(value: dict[str, Any]) -> int:
    ((kind, content),) = value.items()
    if kind == "S":
        return len(str(content).encode())
    if kind == "N":
        return number_size(str(content))
    if kind == "B":
        return len(content)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "SS":
        return sum(len(item.encode()) for item in content)
    if kind == "NS":
        return sum(number_size(item) for item in content)
    if kind == "BS":
        return sum(len(item) for item in content)
    if kind == "L":
        return 3 + sum(1 + value_size(item) for item in content)
    if kind == "M":
        return 3 + sum(1 + len(name.encode()) + value_size(item) for name, item in content.items())
    raise ValueError(f"unknown attribute type {kind}")


def item_size(item: dict[str, dict[str, Any]]) -> int:
    """Bytes of an item in DynamoDB's wire format: attribute names plus values."""
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def write_units(size: int, *, transactional: bool = False) -> int:
    """Standard writes: 1 WCU per started KB; transactional writes: 2 per started KB."""
    units = max(1, math.ceil(size / WRITE_UNIT_BYTES))
    return 2 * units if transactional else units


def rejected_write_units(existing: dict[str, Any], attempted: dict[str, Any]) -> int:
    """A conditional write that fails still consumes write units: by the larger of the item
    already stored and the item that was attempted."""
    return write_units(max(item_size(existing), item_size(attempted)))
