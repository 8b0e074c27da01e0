"""The mailbox an email address names, as the uniqueness key sees it.

The key is the address as the email validator normalises it, then case-folded: the local part in
Unicode NFC, the domain in its IDNA ASCII form (UTS #46 mapping: full-width letters, upper case
and the Unicode or `xn--` spelling of a domain are one domain). So every spelling the validator
treats as the same mailbox is one key. Deliberately not merged: `+tags`, dots in the local part
(only some providers ignore them) and look-alike characters of other scripts (different code
points, different mailboxes). docs/hostile-input.md lists the rules with examples.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email


def mailbox_key(email: str) -> str:
    """The uniqueness form of an email (the email is stored and returned as sent elsewhere)."""
    try:
        valid = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        # Only validated emails reach the store; anything else still gets a stable key.
        return _fold(email.strip())
    return f"{_fold(valid.local_part)}@{valid.ascii_domain.lower()}"


def _fold(text: str) -> str:
    # Case folding can leave decomposed sequences (e.g. "İ" → "i̇"): NFC again after it.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
