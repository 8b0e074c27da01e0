"""xclade against Medusa itself: every case names the Medusa source line its answer comes from.

The reference is Medusa v2.7.1, the last 2.x line on zod 3.22.4 (its `@medusajs/framework`
package.json pins `"zod": "3.22.4"`). Line numbers are those of the TypeScript sources of the
v2.7.1 packages (read through the published packages' source maps):
  FW    packages/core/framework/src/…      (@medusajs/framework 2.7.1)
  MED   packages/medusa/src/…              (@medusajs/medusa 2.7.1)
  UTILS packages/core/utils/src/…          (@medusajs/utils 2.7.1)
  SPEC  integration-tests/http/__tests__/customer/admin/customer.spec.ts (medusa@33c207d4)
  ZOD   zod 3.22.4, lib/…                  (the npm package Medusa installs)
A case with `deliberate` set is one where we answer differently on purpose; the reason is in
docs/apis/xclade.md and repeated here, so the difference is checked, not forgotten.

Requests go through the real handler on moto; the `fields` reading is also checked on its own
against get-query-config's rules.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from customer_core.domain.errors import StoreUnavailable, WriteConflict
from xclade_api import errors as xclade_errors
from xclade_api.fields import ParsedFields, parse, select
from xclade_api.handler import lambda_handler

from tests.support.events import body_of, load, with_body, with_headers
from tests.unit.conftest import all_items

FW = "packages/core/framework/src/"
MED = "packages/medusa/src/"
UTILS = "packages/core/utils/src/"
SPEC = "integration-tests/http/__tests__/customer/admin/customer.spec.ts@33c207d4"
ZOD = "zod@3.22.4 lib/"

DEFAULTS = [
    "id", "company_name", "first_name", "last_name", "email", "phone", "metadata", "has_account",
    "created_by", "created_at", "updated_at", "deleted_at",
]  # fmt: skip
REQUIRED_THREE = (
    "Invalid request: Field 'email' is required; Field 'company_name' is required; "
    "Field 'first_name' is required"
)
SEED_REQUIRES = "the seed stars six fields; Medusa's CreateCustomer has them all .nullish()"
VALID = object()  # the fixture's valid body


@dataclass(frozen=True)
class Case:
    name: str
    cites: tuple[str, ...]
    body: Any = VALID  # a dict is sent as JSON; a str is sent as it is
    changes: dict[str, Any] = field(default_factory=dict)  # fields changed in the valid body
    content_type: str | None = "application/json"
    query: dict[str, list[str]] | None = None
    status: int = 400
    answer: dict[str, Any] | None = None  # the whole error body
    message: str | None = None  # shorthand: {"type": "invalid_data", "message": message}
    keys: list[str] | None = None  # for a 200: the customer's keys, in any order
    deliberate: str | None = None  # why we differ from Medusa here, if we do


def invalid(message: str) -> dict[str, str]:
    return {"type": "invalid_data", "message": message}


CASES = [
    # --- The body, as validators.ts declares it and zod-helpers.ts words zod's issues ----------
    Case(
        "valid body creates and answers the default fields",
        (f"{MED}api/admin/customers/validators.ts:53", f"{MED}api/admin/customers/route.ts:64",
         f"{MED}api/admin/customers/query-config.ts:1", f"{SPEC}:180"),
        status=200, keys=DEFAULTS,
    ),
    Case(
        "an apostrophe in the local part is not zod 3.22.4's email",
        (f"{MED}api/admin/customers/validators.ts:54", f"{ZOD}types.js:343",
         f"{ZOD}locales/en.js:59", f"{FW}zod/zod-helpers.ts:105"),
        changes={"email": "o'brien@example.com"}, message="Invalid request: Invalid email",
    ),
    Case(
        "a comma inside the local part is zod 3.22.4's email",
        (f"{ZOD}types.js:343",), changes={"email": "a,b@example.com"}, status=200, keys=DEFAULTS,
    ),
    Case(
        "special-use domains are zod's emails",
        (f"{ZOD}types.js:343",), changes={"email": "user@shop.test"}, status=200, keys=DEFAULTS,
    ),
    Case(
        "a label ending in a hyphen is zod's email",
        (f"{ZOD}types.js:343",), changes={"email": "user@example-.com"}, status=200,
        keys=DEFAULTS,
    ),
    Case(
        "a one-letter TLD is not",
        (f"{ZOD}types.js:343",), changes={"email": "user@example.c"},
        message="Invalid request: Invalid email",
    ),
    Case(
        "a non-ASCII address is not",
        (f"{ZOD}types.js:343",), changes={"email": "jösé@example.com"},
        message="Invalid request: Invalid email",
    ),
    Case(
        "a number for a string field",
        (f"{MED}api/admin/customers/validators.ts:57", f"{FW}zod/zod-helpers.ts:31"),
        changes={"first_name": 42},
        message="Invalid request: Expected type: 'string' for field 'first_name', got: 'number'",
    ),
    Case(
        "a boolean for a string field",
        (f"{MED}api/admin/customers/validators.ts:56", f"{FW}zod/zod-helpers.ts:31"),
        changes={"company_name": True},
        message=(
            "Invalid request: Expected type: 'string' for field 'company_name', got: 'boolean'"
        ),
    ),
    Case(
        "an array for metadata",
        (f"{MED}api/admin/customers/validators.ts:59", f"{ZOD}helpers/util.js:116"),
        changes={"metadata": [1]},
        message="Invalid request: Expected type: 'object' for field 'metadata', got: 'array'",
    ),
    Case(
        "a string for additional_data",
        (f"{MED}api/utils/validators.ts:18", f"{FW}zod/zod-helpers.ts:31"),
        changes={"additional_data": "x"},
        message=(
            "Invalid request: Expected type: 'object' for field 'additional_data', got: 'string'"
        ),
    ),
    Case(
        "additional_data may be null",
        (f"{MED}api/utils/validators.ts:18",), changes={"additional_data": None}, status=200,
        keys=DEFAULTS,
    ),
    Case(
        "unknown body fields, together, in the body's order",
        (f"{FW}zod/zod-helpers.ts:119", f"{FW}zod/zod-helpers.ts:80", f"{ZOD}types.js:1727"),
        changes={"foo": 1, "bar": 2},
        message="Invalid request: Unrecognized fields: 'foo, bar'",
    ),
    Case(
        "unknown keys in a JavaScript object's order: integer-like keys first",
        (f"{ZOD}types.js:1727", f"{FW}zod/zod-helpers.ts:80"),
        changes={"zeta": 1, "2": 1, "1": 1},
        message="Invalid request: Unrecognized fields: '1, 2, zeta'",
    ),
    Case(
        "field issues before unknown fields, three at most, joined by '; '",
        (f"{ZOD}types.js:1753", f"{FW}zod/zod-helpers.ts:61", f"{FW}zod/zod-helpers.ts:109"),
        changes={"foo": 1, "first_name": 1, "last_name": 2, "phone": 3},
        message=(
            "Invalid request: Expected type: 'string' for field 'first_name', got: 'number'; "
            "Expected type: 'string' for field 'last_name', got: 'number'; "
            "Expected type: 'string' for field 'phone', got: 'number'"
        ),
    ),
    Case(
        "a missing starred field is required, in Medusa's words",
        (f"{FW}zod/zod-helpers.ts:50", f"{ZOD}locales/en.js:10"),
        changes={"phone": ...}, message="Invalid request: Field 'phone' is required",
        deliberate=SEED_REQUIRES,
    ),
    # --- The body's shape, as Medusa's body parsers leave it -----------------------------------
    Case(
        "a JSON array is not an object",
        (f"{FW}http/utils/validate-body.ts:30", f"{ZOD}types.js:1713",
         f"{FW}zod/zod-helpers.ts:31"),
        body='["a"]',
        message="Invalid request: Expected type: 'object' for field '', got: 'array'",
    ),
    Case(
        "a JSON string is not an object",
        (f"{ZOD}types.js:1713", f"{FW}zod/zod-helpers.ts:31"), body='"a"',
        message="Invalid request: Expected type: 'object' for field '', got: 'string'",
        deliberate="Express's strict JSON parser refuses scalars and Medusa answers 500",
    ),
    Case(
        "JSON null is not an object",
        (f"{ZOD}helpers/util.js:120", f"{FW}zod/zod-helpers.ts:31"), body="null",
        message="Invalid request: Expected type: 'object' for field '', got: 'null'",
        deliberate="Express's strict JSON parser refuses scalars and Medusa answers 500",
    ),
    Case(
        "a JSON number is not an object",
        (f"{ZOD}helpers/util.js:106",), body="7",
        message="Invalid request: Expected type: 'object' for field '', got: 'number'",
        deliberate="Express's strict JSON parser refuses scalars and Medusa answers 500",
    ),
    Case(
        "a text/plain body is a string",
        (f"{FW}http/middlewares/bodyparser.ts:30", f"{FW}zod/zod-helpers.ts:31"),
        content_type="text/plain",
        message="Invalid request: Expected type: 'object' for field '', got: 'string'",
    ),
    Case(
        "no Content-Type leaves the body an empty object",
        (f"{FW}http/middlewares/bodyparser.ts:57", f"{FW}zod/zod-helpers.ts:50"),
        content_type=None, message=REQUIRED_THREE, deliberate=SEED_REQUIRES,
    ),
    Case(
        "a type no parser reads leaves the body an empty object",
        (f"{FW}http/middlewares/bodyparser.ts:57",), content_type="application/xml",
        message=REQUIRED_THREE, deliberate=SEED_REQUIRES,
    ),
    Case(
        "an empty JSON body is an empty object",
        (f"{FW}http/middlewares/bodyparser.ts:20",), body="", message=REQUIRED_THREE,
        deliberate=SEED_REQUIRES,
    ),
    Case(
        "a form body is parsed as qs parses it",
        (f"{FW}http/middlewares/bodyparser.ts:37", f"{FW}http/middlewares/bodyparser.ts:39"),
        body="email=f%40example.com&company_name=A&first_name=B&last_name=C&phone=1&metadata[k]=v",
        content_type="application/x-www-form-urlencoded", status=200, keys=DEFAULTS,
    ),
    Case(
        "invalid JSON is our clean 400",
        (f"{FW}http/middlewares/error-handler.ts:72",), body="{not json",
        message="Invalid request: The request body is not valid JSON.",
        deliberate="Medusa's error handler answers a parse failure 500 unknown_error",
    ),
    Case(
        "a body over 64 KiB is our clean 400",
        (f"{FW}http/middlewares/bodyparser.ts:20", f"{FW}http/middlewares/error-handler.ts:72"),
        changes={"metadata": {"blob": "x" * 64 * 1024}},
        message="Invalid request: The request body must not exceed 64 KiB.",
        deliberate="Medusa's parser limit is 100 kB and its handler answers 413 errors 500",
    ),
    # --- The query: qs keys, normalizeQuery, createSelectParams, get-query-config -------------
    Case(
        "first_name,-email replaces the defaults and keeps email",
        (f"{FW}http/utils/get-query-config.ts:114", f"{FW}http/utils/get-query-config.ts:127",
         f"{FW}http/utils/get-query-config.ts:149"),
        query={"fields": ["first_name,-email"]}, status=200, keys=["id", "first_name", "email"],
    ),
    Case(
        "+default_billing_address_id is not in the query config",
        (f"{MED}api/admin/customers/query-config.ts:16", f"{FW}http/utils/get-query-config.ts:79",
         f"{FW}http/utils/get-query-config.ts:181"),
        query={"fields": ["+default_billing_address_id"]},
        message="Requested fields [default_billing_address_id] are not valid",
    ),
    Case(
        "*addresses.country must name a relation exactly",
        (f"{FW}http/utils/get-query-config.ts:154", f"{FW}http/utils/get-query-config.ts:71"),
        query={"fields": ["*addresses.country"]},
        message="Requested fields [addresses.country] are not valid",
    ),
    Case(
        "addresses.country.* likewise",
        (f"{FW}http/utils/get-query-config.ts:154", f"{FW}http/utils/get-query-config.ts:71"),
        query={"fields": ["addresses.country.*"]},
        message="Requested fields [addresses.country] are not valid",
    ),
    Case(
        "*addresses selects the relation",
        (f"{SPEC}:157", f"{FW}http/utils/get-query-config.ts:63"),
        query={"fields": ["*addresses"]}, status=200, keys=[*DEFAULTS, "addresses"],
    ),
    Case(
        "+addresses,+groups add both relations",
        (f"{MED}api/admin/customers/query-config.ts:29",
         f"{MED}api/admin/customers/query-config.ts:30",
         f"{FW}http/utils/get-query-config.ts:131"),
        query={"fields": ["+addresses,+groups"]}, status=200,
        keys=[*DEFAULTS, "addresses", "groups"],
    ),
    Case(
        "-metadata,-phone remove from the defaults",
        (f"{FW}http/utils/get-query-config.ts:133", f"{FW}http/utils/get-query-config.ts:137"),
        query={"fields": ["-metadata,-phone"]}, status=200,
        keys=[f for f in DEFAULTS if f not in {"metadata", "phone"}],
    ),
    Case(
        "added then removed is removed",
        (f"{FW}http/utils/get-query-config.ts:131", f"{FW}http/utils/get-query-config.ts:137"),
        query={"fields": ["+addresses,-addresses"]}, status=200, keys=DEFAULTS,
    ),
    Case(
        "removed then added is there",
        (f"{FW}http/utils/get-query-config.ts:137", f"{FW}http/utils/get-query-config.ts:131"),
        query={"fields": ["-email,+email"]}, status=200, keys=DEFAULTS,
    ),
    Case(
        "in a replacing list, an entry both added and removed is selected",
        (f"{FW}http/utils/get-query-config.ts:127",),
        query={"fields": ["email,-email"]}, status=200, keys=["id", "email"],
    ),
    Case(
        "refused names: plain names first, then * names",
        (f"{FW}http/utils/get-query-config.ts:162", f"{FW}http/utils/get-query-config.ts:181"),
        query={"fields": ["*foo,password,+secret"]},
        message="Requested fields [password, secret, foo] are not valid",
    ),
    Case(
        "+phone_number passes Medusa's startsWith check and selects nothing",
        (f"{FW}http/utils/get-query-config.ts:79",),
        query={"fields": ["+phone_number"]}, status=200, keys=DEFAULTS,
        deliberate="Medusa's ORM decides what a prefix-only name returns; we return nothing",
    ),
    Case(
        "an empty fields value selects only id",
        (f"{FW}http/utils/get-query-config.ts:113", f"{FW}http/utils/get-query-config.ts:149"),
        query={"fields": [""]}, status=200, keys=["id"],
    ),
    Case(
        "id always comes back",
        (f"{FW}http/utils/get-query-config.ts:149",),
        query={"fields": ["-id"]}, status=200, keys=DEFAULTS,
    ),
    Case(
        "fields[]=id is an array",
        (f"{FW}http/utils/validate-query.ts:21", f"{MED}api/utils/validators.ts:51",
         f"{FW}zod/zod-helpers.ts:31"),
        query={"fields[]": ["id"]},
        message="Invalid request: Expected type: 'string' for field 'fields', got: 'array'",
    ),
    Case(
        "fields given twice is an array",
        (f"{FW}http/utils/validate-query.ts:21", f"{MED}api/utils/validators.ts:51"),
        query={"fields": ["id", "email"]},
        message="Invalid request: Expected type: 'string' for field 'fields', got: 'array'",
    ),
    Case(
        "fields[x]=id is an object",
        (f"{MED}api/utils/validators.ts:51", f"{FW}zod/zod-helpers.ts:31"),
        query={"fields[x]": ["id"]},
        message="Invalid request: Expected type: 'string' for field 'fields', got: 'object'",
    ),
    Case(
        "a.b=1 is the key a",
        (f"{FW}http/utils/validate-query.ts:25", f"{FW}zod/zod-helpers.ts:80"),
        query={"a.b": ["1"]}, message="Invalid request: Unrecognized fields: 'a'",
    ),
    Case(
        "unknown query keys, together",
        (f"{MED}api/utils/validators.ts:51", f"{FW}zod/zod-helpers.ts:80"),
        query={"expand": ["groups"], "limit": ["5"]},
        message="Invalid request: Unrecognized fields: 'expand, limit'",
    ),
    Case(
        "a query type issue before unknown query keys",
        (f"{ZOD}types.js:1753", f"{FW}zod/zod-helpers.ts:109"),
        query={"fields[]": ["id"], "foo": ["1"]},
        message=(
            "Invalid request: Expected type: 'string' for field 'fields', got: 'array'; "
            "Unrecognized fields: 'foo'"
        ),
    ),
    Case(
        "a dotted key three levels deep: Medusa's invalid_argument",
        (f"{FW}http/utils/validate-query.ts:29", f"{FW}http/middlewares/error-handler.ts:69"),
        query={"a.b.c": ["1"]},
        answer={
            "type": "invalid_argument",
            "message": "Key accessor more than 2 levels deep: a.b.c",
        },
        deliberate="Medusa's handler leaves invalid_argument at its default status, 500",
    ),
    Case(
        "the body is checked before the query",
        (f"{MED}api/admin/customers/middlewares.ts:36",
         f"{MED}api/admin/customers/middlewares.ts:38"),
        changes={"email": ...}, query={"fields": ["password"]},
        message="Invalid request: Field 'email' is required", deliberate=SEED_REQUIRES,
    ),
]  # fmt: skip


def _event(case: Case) -> dict[str, Any]:
    event = load("xclade", "create-customer-valid")
    if case.body is VALID:
        body = body_of(event)
        for name, value in case.changes.items():
            if value is ...:
                body.pop(name, None)
            else:
                body[name] = value
        event = with_body(event, body)
    else:
        event = with_body(event, case.body)
    event = with_headers(event, content_type=case.content_type)
    if case.query is not None:
        event = copy.deepcopy(event)
        event["multiValueQueryStringParameters"] = case.query
        event["queryStringParameters"] = {k: v[-1] for k, v in case.query.items()}
    return event


def test_every_case_cites_medusa():
    for case in CASES:
        assert case.cites, case.name
        for cite in case.cites:
            path, _, line = cite.rpartition(":")
            assert path, cite
            assert line.isdigit(), cite


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_conformance(aws, lambda_context, case):
    response = lambda_handler(_event(case), lambda_context)
    body = json.loads(response["body"])
    assert response["statusCode"] == case.status, (case.cites, body)
    stored = [i for i in all_items(aws, "CUSTOMER_TABLE_NAME") if i["pk"]["S"].startswith("CUS")]
    if case.status == 200:
        assert list(body) == ["customer"]
        assert sorted(body["customer"]) == sorted(case.keys or [])
        assert len(stored) == 1
    else:
        expected = case.answer if case.answer is not None else invalid(case.message or "")
        assert body == expected, case.cites
        assert stored == []


# --- Errors the handler raises from the store: error-handler.ts's vocabulary ------------------


def test_a_write_conflict_is_medusas_conflict():
    """FW http/middlewares/error-handler.ts:41, :43, :45."""
    response = xclade_errors.ERRORS.response_for(WriteConflict())
    assert response["statusCode"] == 409
    assert json.loads(response["body"]) == {
        "code": "invalid_state_error",
        "type": "conflict",
        "message": "The request conflicted with another request. You may retry the request "
        "with the provided Idempotency-Key.",
    }


def test_a_store_failure_is_medusas_database_error():
    """FW http/middlewares/error-handler.ts:64, :66 (api_error)."""
    response = xclade_errors.ERRORS.response_for(StoreUnavailable("ThrottlingException"))
    assert response["statusCode"] == 500
    body = json.loads(response["body"])
    assert (body["code"], body["type"]) == ("api_error", "database_error")


def test_anything_else_is_medusas_unknown_error():
    """FW http/middlewares/error-handler.ts:72."""
    response = xclade_errors.internal_error()
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {
        "code": "unknown_error",
        "type": "unknown_error",
        "message": "An unknown error occurred.",
    }


def test_a_duplicate_is_409_as_the_seed_documents(aws, lambda_context):
    """UTILS dal/mikro-orm/db-error-mapper.ts:27, :36: Medusa 2.7.1 answers a duplicate 400
    invalid_data with this message; deliberate: the seed documents 409 duplicate_error."""
    event = load("xclade", "create-customer-valid")
    assert lambda_handler(event, lambda_context)["statusCode"] == 200
    response = lambda_handler(event, lambda_context)
    assert response["statusCode"] == 409
    email = body_of(event)["email"]
    assert json.loads(response["body"]) == {
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": f"Customer with email: {email}, has_account: false, already exists.",
    }


def test_unauthenticated_is_the_seeds_plain_text_401(aws, lambda_context):
    """FW http/middlewares/authenticate-middleware.ts:105 answers JSON {"message":
    "Unauthorized"}; deliberate: the seed shows a text/plain `Unauthorized`."""
    response = lambda_handler(load("xclade", "create-customer-unauthenticated"), lambda_context)
    assert response["statusCode"] == 401
    assert response["headers"]["Content-Type"] == "text/plain"
    assert response["body"] == "Unauthorized"


# --- get-query-config's reading of `fields`, on its own ----------------------------------------

QUERY_CONFIG = f"{FW}http/utils/get-query-config.ts"
READINGS = [
    # (fields, plain names, * names, cite)
    (None, DEFAULTS, [], f"{QUERY_CONFIG}:110"),
    ("+email", DEFAULTS, [], f"{QUERY_CONFIG}:131"),
    (" addresses", [*DEFAULTS, "addresses"], [], f"{QUERY_CONFIG}:130"),
    ("+ addresses", [*DEFAULTS, " addresses"], [], f"{QUERY_CONFIG}:131"),  # trim, then `+`
    ("first_name,-email", ["first_name", "email", "id"], [], f"{QUERY_CONFIG}:127"),
    ("--email,first_name", ["-email", "first_name", "id"], [], f"{QUERY_CONFIG}:127"),
    ("*addresses,-addresses", DEFAULTS, [], f"{QUERY_CONFIG}:137"),
    ("+addresses.city,-addresses", DEFAULTS, [], f"{QUERY_CONFIG}:140"),
    ("*addresses.*", DEFAULTS, ["addresses.*"], f"{QUERY_CONFIG}:154"),  # one of the two goes
    ("groups.*", DEFAULTS, ["groups"], f"{QUERY_CONFIG}:154"),
    ("email,*groups", ["email", "id"], ["groups"], f"{QUERY_CONFIG}:127"),
    (",,", ["id"], [], f"{QUERY_CONFIG}:113"),
]


@pytest.mark.parametrize(("fields", "plain", "star", "cite"), READINGS)
def test_get_query_config_reading(fields, plain, star, cite):
    assert parse(fields) == ParsedFields(tuple(plain), tuple(star)), cite


@pytest.mark.parametrize(
    ("fields", "selected"),
    [
        ("email,*phone", ["id", "email", "phone"]),  # allowed.includes before the * rule (:63)
        ("addresses.city", ["id", "addresses"]),  # startsWith (:79); we select the relation
        ("metadata.key", ["id"]),  # startsWith (:79); we select nothing
    ],
)
def test_names_allowed_by_the_prefix_rule(fields, selected):
    assert sorted(select(fields)) == sorted(selected)
