"""xclade's email check against zod 3.22.4's `.email()` regex (see xclade_api/email.py).

Each expected answer is read off zod's regex, part by part, and the reason names the part:
  L1 `(?!\\.)`            no leading dot
  L2 `(?!.*\\.\\.)`        no two dots in a row anywhere (domain included)
  L3 `[A-Z0-9_+-\\.]*`    local part body: ASCII letters, digits, `_`, and the range `+`..`.`
                         (`+ , - .`); nothing else (no `'`, `!`, `#`, `"`, spaces, non-ASCII)
  L4 `[A-Z0-9_+-]@`      the local part's last character is a letter, digit, `_`, `+` or `-`
  D1 `([A-Z0-9][A-Z0-9\\-]*\\.)+`  one or more labels, each starting alphanumeric, then
                         alphanumerics and hyphens (a trailing hyphen is fine), each ending `.`
  D2 `[A-Z]{2,}$`        the last label: two or more ASCII letters, nothing after
  I  `/i` without `/u`   ASCII case folding only; no length limits anywhere
The same table was run once through zod 3.22.4 itself (node, `z.string().email().safeParse`):
every answer agreed.
"""

from __future__ import annotations

import pytest
from xclade_api.email import MAX_EMAIL_LENGTH, is_zod_email

ACCEPTED = True
REFUSED = False

EMAILS: list[tuple[str, bool, str]] = [
    # plain shapes
    ("user@example.com", ACCEPTED, "letters, one label, two-letter+ TLD"),
    ("USER@EXAMPLE.COM", ACCEPTED, "I: upper case folds"),
    ("first.last@example.com", ACCEPTED, "L3: single dots inside the local part"),
    ("user+tag@example.com", ACCEPTED, "L3: `+` in the body"),
    ("user+@example.com", ACCEPTED, "L4: `+` may end the local part"),
    ("user-@example.com", ACCEPTED, "L4: `-` may end the local part"),
    ("_@example.com", ACCEPTED, "L4: a one-character local part of `_`"),
    ("a@example.com", ACCEPTED, "L4: a one-letter local part"),
    ("1234@example.com", ACCEPTED, "L3/L4: digits only"),
    ("a_b-c+d.e@example.com", ACCEPTED, "L3: every allowed punctuation"),
    ("a,b@example.com", ACCEPTED, "L3: the `+-\\.` range includes the comma"),
    ("a,@example.com", REFUSED, "L4: the comma may not end the local part"),
    ("user.@example.com", REFUSED, "L4: a dot may not end the local part"),
    (".user@example.com", REFUSED, "L1: leading dot"),
    ("us..er@example.com", REFUSED, "L2: two dots in the local part"),
    ("user@example..com", REFUSED, "L2: two dots in the domain"),
    ("o'brien@example.com", REFUSED, "L3: the apostrophe is not in the class (zod 3.22.4)"),
    ("a!b@example.com", REFUSED, "L3: `!` is not in the class"),
    ("a#b@example.com", REFUSED, "L3: `#` is not in the class"),
    ("a$b@example.com", REFUSED, "L3: `$` is not in the class"),
    ("a%b@example.com", REFUSED, "L3: `%` is not in the class"),
    ("a&b@example.com", REFUSED, "L3: `&` is not in the class"),
    ("a*b@example.com", REFUSED, "L3: `*` is not in the class"),
    ("a/b@example.com", REFUSED, "L3: `/` is not in the class"),
    ("a=b@example.com", REFUSED, "L3: `=` is not in the class"),
    ("a?b@example.com", REFUSED, "L3: `?` is not in the class"),
    ("a^b@example.com", REFUSED, "L3: `^` is not in the class"),
    ("a`b@example.com", REFUSED, "L3: backquote is not in the class"),
    ("a{b}@example.com", REFUSED, "L3: braces are not in the class"),
    ("a|b@example.com", REFUSED, "L3: `|` is not in the class"),
    ("a~b@example.com", REFUSED, "L3: `~` is not in the class"),
    ('"quoted"@example.com', REFUSED, "L3: quoted local parts are not in the class"),
    ("a b@example.com", REFUSED, "L3: space"),
    (" user@example.com", REFUSED, "L3: leading space (no trimming)"),
    ("user@example.com ", REFUSED, "D2: trailing space after the TLD"),
    ("user@example.com\n", REFUSED, "D2: `$` without `m` is the very end, a newline is after it"),
    ("user@@example.com", REFUSED, "D1: a second `@` cannot start a label"),
    ("a@b@example.com", REFUSED, "L3: `@` is not in the local-part class"),
    ("userexample.com", REFUSED, "no `@` at all"),
    ("@example.com", REFUSED, "L4: the local part needs at least one character"),
    ("user@", REFUSED, "D1: no domain"),
    # non-ASCII
    ("jösé@example.com", REFUSED, "L3: non-ASCII letters in the local part"),
    ("user@exämple.com", REFUSED, "D1: non-ASCII letters in a label"),
    ("用户@例子.广告", REFUSED, "L3/D1: non-ASCII address"),
    ("user@xn--exmple-cua.com", ACCEPTED, "D1: an IDNA A-label is plain ASCII"),
    ("\u017fam@example.com", REFUSED, "I: the long s does not fold to `s` without `/u`"),
    ("user@example.\u212aom", REFUSED, "I: the Kelvin sign does not fold to `k` without `/u`"),
    ("user@exa\u200bmple.com", REFUSED, "D1: a zero-width space is not in the label class"),
    # domain labels
    ("user@example-.com", ACCEPTED, "D1: a label may end with a hyphen"),
    ("user@ex--ample.com", ACCEPTED, "D1: consecutive hyphens inside a label"),
    ("user@-example.com", REFUSED, "D1: a label must start alphanumeric"),
    ("user@123.com", ACCEPTED, "D1: an all-digit label"),
    ("user@1example.com", ACCEPTED, "D1: a label may start with a digit"),
    ("user@ex_ample.com", REFUSED, "D1: `_` is not in the label class"),
    ("user@sub.example.co.uk", ACCEPTED, "D1: several labels"),
    ("user@" + "a" * 64 + ".com", ACCEPTED, "D1: no length limit on a label (64 characters)"),
    ("user@" + "a" * 200 + ".com", ACCEPTED, "D1: no length limit on a label (200 characters)"),
    ("a" * 65 + "@example.com", ACCEPTED, "L3: no length limit on the local part"),
    ("user@.example.com", REFUSED, "D1: a label cannot be empty"),
    ("user@example.com.", REFUSED, "D2: nothing may follow the TLD"),
    ("user@localhost", REFUSED, "D1: at least one label and a TLD are needed"),
    ("user@[192.168.0.1]", REFUSED, "D1: address literals are not labels"),
    ("user@192.168.0.1", REFUSED, "D2: the TLD must be letters"),
    # top-level domains
    ("user@example.c", REFUSED, "D2: a one-letter TLD"),
    ("user@example.co", ACCEPTED, "D2: a two-letter TLD"),
    ("user@example.museum", ACCEPTED, "D2: a long TLD"),
    ("user@example.c0m", REFUSED, "D2: a digit in the TLD"),
    ("user@example.co-m", REFUSED, "D2: a hyphen in the TLD"),
    ("user@example.xn--p1ai", REFUSED, "D2: an IDNA TLD has digits and hyphens"),
    ("user@a.test", ACCEPTED, "D2: special-use `.test` is just letters"),
    ("user@host.local", ACCEPTED, "D2: special-use `.local`"),
    ("user@nowhere.invalid", ACCEPTED, "D2: special-use `.invalid`"),
    ("user@site.onion", ACCEPTED, "D2: special-use `.onion`"),
    ("user@example.localhost", ACCEPTED, "D2: special-use `.localhost`"),
    ("user@example.example", ACCEPTED, "D2: special-use `.example`"),
]


def test_the_table_is_large_and_has_no_duplicates():
    addresses = [address for address, _, _ in EMAILS]
    assert len(addresses) >= 60
    assert len(set(addresses)) == len(addresses)


@pytest.mark.parametrize(("address", "accepted", "why"), EMAILS, ids=[e[0][:40] for e in EMAILS])
def test_zod_email(address, accepted, why):
    assert is_zod_email(address) is accepted, why


def test_our_length_limit_is_longer_than_any_real_mailbox():
    assert MAX_EMAIL_LENGTH == 254
