"""No personal data or credential reaches a log line: every function's success and error paths
run through the real handlers (moto), with everything they write to stdout and stderr captured
(Powertools' JSON logs and metrics alike), at DEBUG level so that nothing is filtered before the
check. A line that holds an input email, phone number, token, secret or signature fails.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axim_api import authorizer as axim_authorizer
from axim_api import handler as axim_handler
from count_api import authorizer as count_authorizer
from count_api import handler as count_handler
from customer_core.http.authorizer import Unauthorized
from xclade_api import authorizer as xclade_authorizer
from xclade_api import handler as xclade_handler

from tests.support import count_requests
from tests.support.events import body_of, load, with_body_fields, with_headers
from tests.support.xclade import FIXTURE_SECRET as XCLADE_KEY
from tests.support.xclade import install_secret, token
from tests.unit.test_axim_authorizer import FIXTURE_TOKEN as AXIM_TOKEN
from tests.unit.test_axim_authorizer import seed as seed_axim_token

MODULES = (
    axim_handler,
    axim_authorizer,
    xclade_handler,
    xclade_authorizer,
    count_handler,
    count_authorizer,
)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Every function logger at DEBUG (what a debugging operator would see), its handler's
    stream (stdout, bound when the module was imported) swapped for a buffer: the lines exactly
    as formatted for CloudWatch."""
    stream = io.StringIO()
    saved = []
    for module in MODULES:
        logger = module.obs.logger
        saved.append((logger, logger.log_level, logger.registered_handler.setStream(stream)))
        logger.setLevel("DEBUG")
    yield stream
    for logger, level, original in saved:
        logger.setLevel(level)
        if original is not None:
            logger.registered_handler.setStream(original)


PHONE_WRITTEN = re.compile(r"\+?[\d\s().-]{7,}")


def forms(value: str) -> set[str]:
    """The value as sent and in the forms code might normalise it to."""
    found = {value, value.lower()}
    if PHONE_WRITTEN.fullmatch(value):  # also as its bare digits
        found.add(re.sub(r"\D", "", value))
    return found


def leaks(lines: list[str], secrets: list[str]) -> list[tuple[str, str]]:
    wanted = {form for secret in secrets for form in forms(secret)}
    return [(secret, line) for line in lines for secret in wanted if secret in line]


def test_the_check_finds_a_secret_in_any_of_its_forms():
    lines = ['{"message":"x","phone":"15550100"}', '{"email":"jane.doe@example.com"}']
    assert len(leaks(lines, ["+1 555 0100", "Jane.Doe@example.com"])) == 2
    assert leaks(['{"message":"customer created"}'], ["+1 555 0100"]) == []


@dataclass(frozen=True)
class Case:
    invoke: Callable[[Any], Any]
    secrets: list[str]  # what must not appear in any line


def _call(handler: Callable[[Any, Any], Any], event: dict[str, Any]) -> Callable[[Any], Any]:
    def invoke(context: Any) -> Any:
        try:
            return handler(event, context)
        except Unauthorized:  # an authorizer's refusal is raised by design
            return None

    return invoke


def _twice(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def invoke(context: Any) -> Any:
        first(context)
        return second(context)

    return invoke


def axim_cases() -> dict[str, Case]:
    sample = load("axim", "create-customer-sample")
    body = body_of(sample)
    person = [body["email"], body["phoneNumber"], AXIM_TOKEN]
    bad_email = "John.Smith.at.aximcommerce.com"
    create = axim_handler.lambda_handler
    authorize = axim_authorizer.lambda_handler
    unknown = "Bearer axim-unknown-token-0c1d2e3f4a5b6c7d8e9f"
    return {
        "axim create 201": Case(_call(create, sample), person),
        "axim create 409": Case(_twice(_call(create, sample), _call(create, sample)), person),
        "axim create 400": Case(
            _call(create, with_body_fields(sample, email=bad_email)), [*person, bad_email]
        ),
        "axim authorizer allow": Case(
            _call(authorize, load("axim", "authorizer-valid-token")), [AXIM_TOKEN]
        ),
        "axim authorizer refuse": Case(
            _call(
                authorize, with_headers(load("axim", "authorizer-valid-token"), accessToken=unknown)
            ),
            [unknown.removeprefix("Bearer ")],
        ),
    }


def xclade_cases() -> dict[str, Case]:
    valid = load("xclade", "create-customer-valid")
    body = body_of(valid)
    jwt = valid["headers"]["Authorization"].removeprefix("Bearer ")
    person = [body["email"], body["phone"], jwt, XCLADE_KEY]
    create = xclade_handler.lambda_handler
    authorize = xclade_authorizer.lambda_handler
    forged = token(secret="another-key-that-is-long-enough-to-sign-with-0123")
    expired = token(exp=1)
    return {
        "xclade create 201": Case(_call(create, valid), person),
        "xclade create 409": Case(_twice(_call(create, valid), _call(create, valid)), person),
        "xclade create 400": Case(
            _call(create, with_body_fields(valid, email="Jane.Doe.example.com")),
            [*person, "Jane.Doe.example.com"],
        ),
        "xclade authorizer allow": Case(
            _call(authorize, load("xclade", "authorizer-valid-token")), [jwt, XCLADE_KEY]
        ),
        "xclade authorizer bad signature": Case(
            _call(
                authorize,
                with_headers(
                    load("xclade", "authorizer-valid-token"), authorization=f"Bearer {forged}"
                ),
            ),
            [forged, XCLADE_KEY],
        ),
        "xclade authorizer expired": Case(
            _call(
                authorize,
                with_headers(
                    load("xclade", "authorizer-valid-token"), authorization=f"Bearer {expired}"
                ),
            ),
            [expired, XCLADE_KEY],
        ),
    }


def count_cases() -> dict[str, Case]:
    sample = count_requests.fixture("create-customer-sample")
    body = body_of(sample)
    signature = sample["headers"]["x-signature"]
    secrets = [
        body["email"],
        body["mainPhone"],
        count_requests.FIXTURE_TOKEN,
        count_requests.FIXTURE_SECRET,
        signature,
    ]
    create = count_handler.lambda_handler
    authorize = count_authorizer.lambda_handler
    wrong = "0" * 64
    bad_signature = with_headers(sample, x_signature=wrong)
    unknown_token = "count-unknown-token-9f8e7d6c5b4a3f2e1d0c"
    return {
        "count create 201": Case(_call(create, sample), secrets),
        # The same signed request again: refused as a replay.
        "count create replay": Case(_twice(_call(create, sample), _call(create, sample)), secrets),
        "count create bad signature": Case(_call(create, bad_signature), [*secrets, wrong]),
        "count authorizer allow": Case(
            _call(authorize, load("count", "authorizer-valid")), [count_requests.FIXTURE_TOKEN]
        ),
        "count authorizer unknown token": Case(
            _call(
                authorize,
                with_headers(
                    load("count", "authorizer-valid"), authorization=f"Bearer {unknown_token}"
                ),
            ),
            [unknown_token],
        ),
        "count authorizer unknown client": Case(
            _call(authorize, load("count", "authorizer-unknown-client")),
            [count_requests.FIXTURE_TOKEN],
        ),
    }


CASES = {"axim": axim_cases, "xclade": xclade_cases, "count": count_cases}


# Building the cases reads events and signs with fixture keys: no AWS call, so it can name them.
CASE_IDS = [(api, name) for api, build in CASES.items() for name in build()]


@pytest.mark.parametrize(("api", "name"), CASE_IDS, ids=[name for _, name in CASE_IDS])
def test_no_log_line_holds_personal_data_or_a_credential(
    aws, capsys, log_stream, lambda_context, api, name
):
    install_secret()
    seed_axim_token()
    count_requests.seed_client()
    count_requests.seed_token()
    case = CASES[api]()[name]
    capsys.readouterr()  # only what the handler writes

    case.invoke(lambda_context)

    printed = capsys.readouterr()  # Powertools prints its metrics (EMF) to stdout
    text = log_stream.getvalue() + printed.out + printed.err
    lines = [line for line in text.splitlines() if line.strip()]
    # Logs or metrics (successful authorizers log nothing, but always record a metric).
    assert lines, "nothing was captured: the check would prove nothing"
    assert not leaks(lines, case.secrets), leaks(lines, case.secrets)[:3]
