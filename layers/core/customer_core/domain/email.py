"""The mailbox an email address names, as the uniqueness key sees it.

The key is the address as the email validator normalises it, the local part then folded by
Unicode's canonical caseless matching (definition D145: NFD, full case folding, NFD again; kept
in NFC, which is one form for one NFD form), the domain in its IDNA ASCII form (UTS #46 mapping:
full-width letters, upper case and the Unicode or `xn--` spelling of a domain are one domain).
So every spelling the validator treats as the same mailbox, and every spelling D145 matches, is
one key. Deliberately not merged: `+tags`, dots in the local part
(only some providers ignore them) and look-alike characters of other scripts (different code
points, different mailboxes). docs/hostile-input.md lists the rules with examples.
"""

from __future__ import annotations

import re
import unicodedata

# The everyday address that email-validator certainly accepts as it is: a dot-atom of ASCII atext
# before the @, letter-digit-hyphen labels after it (no "--", which IDNA rules govern), a
# letters-only top-level domain, within the length limits, not a special-use domain. For such an
# address email-validator's normal form is the address itself with the domain lower-cased, so
# its key is just the address lower-cased. Everything else gets email-validator's full rules,
# whose import (~21 ms of a cold start, mostly compiling its Unicode regexes) is then paid by
# that request only. tests/unit/test_core_email.py checks both against email-validator.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EVERYDAY = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")
_SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def is_everyday_address(value: str) -> bool:
    """True only for addresses email-validator accepts unchanged but for the domain's case."""
    if len(value) > 254 or "--" in value or not _EVERYDAY.fullmatch(value):
        return False
    local, _, domain = value.rpartition("@")
    top = domain.rpartition(".")[2].lower()
    return len(local) <= 64 and len(domain) <= 253 and top not in _SPECIAL_USE_DOMAINS


def mailbox_key(email: str) -> str:
    """The uniqueness form of an email (the email is stored and returned as sent elsewhere)."""
    address = email.strip()
    if is_everyday_address(address):
        return address.lower()  # ASCII: lower() is casefold()
    from email_validator import EmailNotValidError, validate_email

    try:
        valid = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        # Only validated emails reach the store; anything else still gets a stable key.
        return _fold(address)
    return f"{_fold(valid.local_part)}@{valid.ascii_domain.lower()}"


def _fold(text: str) -> str:
    """Canonical caseless form (Unicode D145), in NFC. Folding must come after NFD, not NFC: in
    NFC a Greek letter with ypogegrammeni keeps a following accent outside it (`ᾀ` + U+0302),
    and folding it to letter + iota then puts the accent on the iota, where the same letters
    typed as letter + accent + iota have it on the letter (tests/unit/test_generated_mailbox.py
    finds every such code point in the Unicode database)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
