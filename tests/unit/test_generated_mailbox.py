"""Generated: every spelling of one mailbox is one customer, on every API.

Two spellings are built from one mailbox by changes the email validator treats as the same
address (letter case, Unicode NFC/NFD, the domain's Unicode or IDNA `xn--` form, full-width
domain letters); the first create succeeds, the second is the API's 409 duplicate, and one
customer is stored. The pairs are made by the test, not by `mailbox_key`, so a weaker key fails
it (tried: `strip().lower()` fails on the first NFD or `xn--` pair, see docs/hostile-input.md).
"""

from __future__ import annotations

import unicodedata
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
