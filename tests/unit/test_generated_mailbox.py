"""Generated: every spelling of one mailbox is one customer, on every API.

Two spellings are built from one mailbox by changes the email validator treats as the same
address (letter case, Unicode NFC/NFD, the domain's Unicode or IDNA `xn--` form, full-width
domain letters); the first create succeeds, the second is the API's 409 duplicate, and one
customer is stored. The pairs are made by the test, not by `mailbox_key`, so a weaker key fails
it (tried: `strip().lower()` fails on the first NFD or `xn--` pair, see docs/hostile-input.md).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ops.apis import Api
from tests.integration.adapters import Outcome
from tests.support.generated import (
    adapter_of,
    api_ids,
    clear_customers,
    customer_items,
    fresh_store,
    record,
)

# Letters whose upper and lower case are one letter under case folding, accented ones included
# (their NFD form is a base letter and a combining mark), and digits.
LOCAL_LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúàèüöäñçøåœ0123456789"
# Domain labels: ASCII, and Unicode ones whose IDNA form is `xn--…`.
DOMAIN_LABELS = ["example", "bücher", "münchen", "señal", "kœln", "shop-ü", "mail"]
TLDS = ["com", "org", "net"]

# A full-width letter is mapped to its ASCII letter by IDNA (UTS #46) in domains.
_FULL_WIDTH_OFFSET = 0xFF41 - ord("a")  # FULLWIDTH LATIN SMALL LETTER A


ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
ASCII_FORMS = ["idna", "IDNA-UPPER"]
UNICODE_FORMS = ["unicode", "idna", "IDNA-UPPER", "upper", "full-width"]


@st.composite
def mailboxes(draw: st.DrawFn, ascii_only: bool) -> tuple[str, str]:
    local = draw(st.text(ASCII_LETTERS if ascii_only else LOCAL_LETTERS, min_size=1, max_size=20))
    labels = draw(st.lists(st.sampled_from(DOMAIN_LABELS), min_size=1, max_size=2))
    return local, ".".join([*labels, draw(st.sampled_from(TLDS))])


@st.composite
def spelling(draw: st.DrawFn, mailbox: tuple[str, str], ascii_only: bool) -> str:
    """One way to write the mailbox (an ASCII one where the API accepts only ASCII addresses:
    letter case and the domain's `xn--` form in either case)."""
    local, domain = mailbox
    local = "".join(c.upper() if draw(st.booleans()) else c for c in local)
    domain_form = draw(st.sampled_from(ASCII_FORMS if ascii_only else UNICODE_FORMS))
    if domain_form == "idna":
        domain = domain.encode("idna").decode("ascii")
    elif domain_form == "IDNA-UPPER":
        domain = domain.encode("idna").decode("ascii").upper()
    elif domain_form == "upper":
        domain = domain.upper()
    elif domain_form == "full-width":
        domain = "".join(chr(ord(c) + _FULL_WIDTH_OFFSET) if "a" <= c <= "z" else c for c in domain)
    form: Literal["NFC", "NFD"] = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, f"{local}@{domain}")


@st.composite
def two_spellings(draw: st.DrawFn, ascii_only: bool = False) -> tuple[str, str]:
    mailbox = draw(mailboxes(ascii_only))
    return draw(spelling(mailbox, ascii_only)), draw(spelling(mailbox, ascii_only))


def accepts_unicode_addresses(adapter: Any) -> bool:
    """Whether the API's own email syntax takes an internationalised address (xclade's, zod's
    `.email()` as Medusa runs it, does not: its spellings are the ASCII ones)."""
    answer = adapter.invoke(adapter.event_for("josé@bücher.example.com"))
    return adapter.classify(answer) is Outcome.CREATED


@pytest.mark.parametrize("api", api_ids(), ids=str)
def test_two_spellings_of_one_mailbox_are_one_customer(api: Api, aws: Any) -> None:
    adapter = adapter_of(api)
    adapter.prepare()
    ascii_only = not accepts_unicode_addresses(adapter)

    @given(pair=two_spellings(ascii_only))
    def one_pair(pair: tuple[str, str]) -> None:
        clear_customers(aws)  # every example starts from an empty customer table
        first, second = pair
        created = adapter.invoke(adapter.event_for(first))
        assert adapter.classify(created) is Outcome.CREATED, created
        again = adapter.invoke(adapter.event_for(second))
        record(f"{api.name} mailbox", int(again["statusCode"]), schema_ok=True)
        assert adapter.classify(again) is Outcome.DUPLICATE, (first, second, again)
        stored = customer_items(aws)
        assert len(stored) == 1, [item["pk"]["S"] for item in stored]

    one_pair()


def test_the_stored_email_is_the_one_sent() -> None:
    # The key is normalised; what the client sent is what it gets back (and what is stored).
    api = next(a for a in api_ids() if a.name == "axim")
    adapter = adapter_of(api)
    sent = unicodedata.normalize("NFD", "José.Ñúñez@BÜCHER.example.com")
    with fresh_store():
        created = adapter.invoke(adapter.event_for(sent))
    assert adapter.classify(created) is Outcome.CREATED
    assert sent in created["body"]


# --- Unicode's canonical caseless matching over the whole character database (issue 21) --------
#
# D145: X and Y match when NFD(toCasefold(NFD(X))) = NFD(toCasefold(NFD(Y))). The key used to
# fold after NFC instead, which differs where folding turns a combining mark into a letter: a
# Greek letter with ypogegrammeni (U+0345, folded to iota) followed by another mark. The scan
# below finds every such code point in Python's Unicode database, by the definition (never by
# calling mailbox_key), and each one's mailboxes must then be one customer on every API.

ALL_CODE_POINTS = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
# Marks of two classes below ypogegrammeni's 240 that compose with nothing Greek: one probe each.
PROBES = ("\u0302", "\u0316")


def _nfc_folded(text: str) -> str:
    """The key's old folding: NFC, then case folding (then NFC again)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def _d145(text: str) -> str:
    """Unicode's canonical caseless form (D145), written from the definition."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", nfd.casefold()))


def _differs(text: str) -> bool:
    return unicodedata.normalize("NFC", _d145(text)) != _nfc_folded(text)


@cache
def differing_pairs() -> list[tuple[str, str]]:
    """Every (code point, mark) whose two foldings differ: the code points found by a probe
    mark after each one of the database, the marks by every combining code point after them."""
    bases = [c for c in ALL_CODE_POINTS if _differs(c) or any(_differs(c + m) for m in PROBES)]
    marks = [m for m in ALL_CODE_POINTS if unicodedata.combining(m)]
    return [(base, mark) for base in bases for mark in marks if _differs(base + mark)]


def one_mailbox(base: str, mark: str) -> tuple[str, str]:
    """Two spellings D145 matches: the letter with its mark as typed (NFC), and the canonical
    caseless form written out in capitals (ypogegrammeni as the letter iota, the mark on the
    Greek letter where NFD puts it)."""
    typed = unicodedata.normalize("NFC", f"{base}{mark}x")
    written = unicodedata.normalize("NFC", _d145(typed).upper())
    assert _d145(typed) == _d145(written)
    assert _nfc_folded(typed) != _nfc_folded(written)
    return f"{typed}@example.com", f"{written}@example.com"


def test_the_scan_finds_the_ypogegrammeni_letters_and_keys_them_as_d145_does() -> None:
    from customer_core.domain.email import mailbox_key

    pairs = differing_pairs()
    bases = {base for base, _ in pairs}
    # The class the attack found: precomposed Greek letters with ypogegrammeni/prosgegrammeni.
    assert bases
    assert all(
        "YPOGEGRAMMENI" in unicodedata.name(c) or "PROSGEGRAMMENI" in unicodedata.name(c)
        for c in bases
    ), sorted(bases)
    assert ("\u1f80", "\u0302") in pairs
    for base, mark in pairs:
        first, second = one_mailbox(base, mark)
        assert mailbox_key(first) == mailbox_key(second), (first, second)


@pytest.mark.parametrize("api", api_ids(), ids=str)
def test_each_differing_code_point_is_one_mailbox_on_every_api(api: Api, aws: Any) -> None:
    found = differing_pairs()
    adapter = adapter_of(api)
    adapter.prepare()
    # Every differing code point once (with its first differing mark), then generated pairs.
    pairs = [one_mailbox(*pair) for pair in dict(reversed(found)).items()]

    def holds(first: str, second: str) -> None:
        clear_customers(aws)
        created = adapter.invoke(adapter.event_for(first))
        if adapter.classify(created) is not Outcome.CREATED:
            # xclade's email syntax (zod's, ASCII only) refuses both spellings: no customer.
            assert int(created["statusCode"]) == 400, created
            assert not customer_items(aws)
            return
        again = adapter.invoke(adapter.event_for(second))
        assert adapter.classify(again) is Outcome.DUPLICATE, (first, second, again)
        assert len(customer_items(aws)) == 1

    for first, second in pairs:
        holds(first, second)

    @given(pair=st.sampled_from(found))
    def generated(pair: tuple[str, str]) -> None:
        holds(*one_mailbox(*pair))

    generated()
