"""The contracts' Email type answers exactly as email-validator does, and the uniqueness key is
exactly the one email-validator's normal form gives, although both consult email-validator only
for addresses outside the everyday form (customer_core.domain.email)."""

from __future__ import annotations

import random
import unicodedata

import pytest
from customer_core.domain.email import is_everyday_address, mailbox_key
from customer_core.http.validation import Email
from email_validator import EmailNotValidError, validate_email
from pydantic import TypeAdapter, ValidationError

from tests.support.events import body_of, load

EMAIL = TypeAdapter(Email)
ATEXT = "abcxyzABCXYZ0189!#$%&'*+/=?^_`{|}~-"
DOMAIN_CHARS = "abzAZ09-"
TOP_LEVEL = ["com", "io", "c", "co1", "1com", "test", "local", "onion", "arpa", "Com", "x" * 64]


def _validator_accepts(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _validator_key(address: str) -> str:
    """The key from email-validator's normal form: NFC case-folded local part, IDNA domain."""
    valid = validate_email(address.strip(), check_deliverability=False)
    local = unicodedata.normalize("NFC", unicodedata.normalize("NFC", valid.local_part).casefold())
    return f"{local}@{valid.ascii_domain.lower()}"


def _ours_accepts(address: str) -> bool:
    try:
        EMAIL.validate_python(address)
    except ValidationError:
        return False
    return True


def _label(rng: random.Random, chars: str, longest: int) -> str:
    shortest = 0 if rng.random() < 0.05 else 1
    return "".join(rng.choice(chars) for _ in range(rng.randint(shortest, longest)))


def _address(rng: random.Random) -> str:
    local = ".".join(_label(rng, ATEXT, 12) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.05:
        local = "x" * rng.randint(60, 70)
    labels = [_label(rng, DOMAIN_CHARS, 8) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.05:
        labels.append("y" * rng.randint(60, 66))
    if rng.random() < 0.03:
        labels += ["z" * 63] * 4
    domain = ".".join([*labels, rng.choice(TOP_LEVEL)])
    return f"{local}@{domain}"


def test_everyday_addresses_of_the_samples_take_the_fast_path():
    samples = [body_of(load(api, "create-customer-sample"))["email"] for api in ("axim", "count")]
    assert samples
    assert all(is_everyday_address(address) for address in samples)


@pytest.mark.parametrize("seed", range(4))
def test_verdict_matches_email_validator_on_generated_addresses(seed):
    rng = random.Random(seed)
    addresses = [_address(rng) for _ in range(3000)]
    fast = [address for address in addresses if is_everyday_address(address)]
    # The corpus exercises both sides of the fast path.
    assert 150 < len(fast) < len(addresses) - 150

    wrongly_fast = [address for address in fast if not _validator_accepts(address)]
    assert not wrongly_fast
    differing = [a for a in addresses if _ours_accepts(a) != _validator_accepts(a)]
    assert not differing
    keys_differing = [a for a in fast if mailbox_key(a) != _validator_key(a)]
    assert not keys_differing


@pytest.mark.parametrize(
    "address",
    [
        "John@aximcommerce.com",
        "PostMaster@Example.COM",
        "  Jane.Doe@Example.com ",
        "a.b+tag@sub.example.co",
        "user@xn--bcher-kva.example",
        "user@b--b.com",
        "user@-bad.com",
        "user@bad-.com",
        "a..b@example.com",
        ".a@example.com",
        "user@example",
        "user@example.123",
        "user@localhost",
        "user@mail.test",
        '"quoted"@example.com',
        "José@example.com",
        "user@exämple.com",
        "Name <user@example.com>",
        "user@[127.0.0.1]",
        "user@example.com\n",
        " user@example.com",
        "x" * 65 + "@example.com",
        "user@" + "a" * 250 + ".com",
    ],
)
def test_verdict_matches_email_validator_on_edge_cases(address):
    assert _ours_accepts(address) == _validator_accepts(address)
    if _validator_accepts(address):
        assert mailbox_key(address) == _validator_key(address)
