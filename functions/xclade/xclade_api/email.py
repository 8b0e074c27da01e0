"""Medusa's email syntax: zod 3's `z.string().email()`, exactly.

Medusa's customer validator is `z.string().email()` (packages/medusa/src/api/admin/customers/
validators.ts), and Medusa 2.0-2.7 pin zod 3.22.4 (packages/core/framework/package.json), whose
check is one regular expression (zod 3.22.4, lib/types.js line 343):

    /^(?!\\.)(?!.*\\.\\.)([A-Z0-9_+-\\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\\-]*\\.)+[A-Z]{2,}$/i

Two JavaScript details decide how it reads in Python:
- `+-\\.` inside the first class is a range, U+002B..U+002E, so the comma is allowed (not as the
  last character of the local part): `a,b@example.com` passes zod, so it passes here.
- The `i` flag without `u` folds ASCII letters only; Python's IGNORECASE would also fold the
  Kelvin sign and the long s into `k` and `s`. The classes are spelled out and re.ASCII is set.

An address zod accepts can be longer than our store's key allows; MAX_EMAIL_LENGTH is our limit
(see docs), checked after zod's so an invalid address is still "Invalid email".
"""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError

ZOD_EMAIL = re.compile(
    r"(?!\.)(?!.*\.\.)"  # no leading dot, no two dots in a row (anywhere, as zod's lookahead)
    r"[A-Za-z0-9_+,\-.]*[A-Za-z0-9_+\-]"  # local part: the range `+-.` then a closing character
    r"@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+"  # labels: start alphanumeric, hyphens anywhere after
    r"[A-Za-z]{2,}",  # the last label: two or more letters
    re.ASCII,
)
# RFC 5321's longest path less its angle brackets; Medusa (Postgres text) has no limit.
MAX_EMAIL_LENGTH = 254


def is_zod_email(value: str) -> bool:
    """True exactly when zod 3.22.4's `.email()` accepts `value`."""
    return ZOD_EMAIL.fullmatch(value) is not None


def medusa_email(value: str) -> str:
    """The contract's email rule (contract.MedusaEmail)."""
    if not is_zod_email(value):
        raise ValueError("invalid email")
    if len(value) > MAX_EMAIL_LENGTH:
        raise PydanticCustomError("string_too_long", "too long", {"max_length": MAX_EMAIL_LENGTH})
    return value
