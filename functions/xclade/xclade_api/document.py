"""The customer an xclade create stores and answers with (the fields selected), as plain JSON
values: built without pydantic on the hot path; the contract's Customer model is its published
schema (tests check every answer against it)."""

from __future__ import annotations

from typing import Any

# Field for field the contract's Customer, in its order.
Customer = dict[str, Any]
