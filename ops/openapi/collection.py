"""The request collection (Postman Collection v2.1, run with newman): each API's create and its
documented errors, generated from the published documents by `make openapi` into collection/.

Every request's body and every expected answer is taken from openapi/<api>.json: the sample
request (with a fresh email), the sample without `email` and the examples `duplicate-email`,
`missing-field` and the API's 401s. One pre-request script per API folder prepares each request
just before it is sent: a fresh email for the create, `x-api-key` when <API>_API_KEY is set
(the local stack needs it, AWS does not) and, for COUNT, the request's signature (crypto-js,
which Postman's sandbox provides). Two environments: the local stack (values from
.local/stack.json: `python -m ops collection-env`) and a deployed stack (fill in the URLs and
credentials). tests/e2e/test_collection.py runs it on the local stack with newman.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops import npm_tools
from ops.openapi.description import ROOT

OUT_DIR = ROOT / "collection"
COLLECTION = OUT_DIR / "customer-api.postman_collection.json"
ENVIRONMENTS = OUT_DIR / "environments"
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
CREATE = "Create a customer"
JSON = "application/json"


@dataclass(frozen=True)
class Refusal:
    """A documented error the collection sends: how the request differs, what must come back."""

    name: str
    example: str  # the key of the expected answer among the status's examples
    status: int
    body: str = "sample"  # "sample" (the create's email again) or "without-email"
    omit_headers: tuple[str, ...] = ()  # credential headers left out
    script: tuple[str, ...] = ()  # the request's own pre-request lines (after the folder's)


@dataclass(frozen=True)
class ApiCollection:
    api: str
    folder: str
    prefix: str  # AXIM: AXIM_URL, AXIM_API_KEY, AXIM_EMAIL
    path: str  # the operation the requests use
    headers: tuple[tuple[str, str], ...]  # credential headers: name, value with {{VARIABLES}}
    email_at: tuple[str, ...]  # where the created customer's email is in the success body
    refusals: tuple[Refusal, ...]
    signed: bool = False


DUPLICATE = Refusal("Duplicate email", "duplicate-email", 409)
MISSING_FIELD = Refusal("Missing required field", "missing-field", 400, body="without-email")

APIS = (
    ApiCollection(
        api="axim",
        folder="Axim",
        prefix="AXIM",
        path="/customers",
        headers=(("accessToken", "{{AXIM_ACCESS_TOKEN}}"),),
        email_at=("data", "email"),
        refusals=(
            DUPLICATE,
            MISSING_FIELD,
            Refusal("Missing access token", "missing-token", 401, omit_headers=("accessToken",)),
        ),
    ),
    ApiCollection(
        api="xclade",
        folder="xclade",
        prefix="XCLADE",
        path="/admin/customers",
        headers=(("Authorization", "Bearer {{XCLADE_TOKEN}}"),),
        email_at=("customer", "email"),
        refusals=(
            DUPLICATE,
            MISSING_FIELD,
            Refusal(
                "Missing bearer token", "unauthenticated", 401, omit_headers=("Authorization",)
            ),
        ),
    ),
    ApiCollection(
        api="count",
        folder="COUNT",
        prefix="COUNT",
        path="/partners/customers",
        headers=(("Authorization", "Bearer {{COUNT_TOKEN}}"),),
        email_at=("data", "email"),
        signed=True,
        refusals=(
            DUPLICATE,
            MISSING_FIELD,
            Refusal(
                "Missing signature",
                "missing-credentials",
                401,
                script=(
                    "// Sent without the signature the folder's script added.",
                    'pm.request.headers.remove("x-signature");',
                ),
            ),
            Refusal(
                "Invalid signature",
                "invalid-signature",
                401,
                script=(
                    "// A signature that does not match the request.",
                    'pm.request.headers.upsert({ key: "x-signature", value: "0".repeat(64) });',
                ),
            ),
        ),
    ),
)


def _documents() -> dict[str, dict[str, Any]]:
    return {
        spec.api: json.loads((ROOT / "openapi" / f"{spec.api}.json").read_text()) for spec in APIS
    }


def _operation(document: dict[str, Any], path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path]["post"]
    return found


def _sample_body(operation: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = operation["requestBody"]["content"][JSON]["examples"]["sample"]["value"]
    return body


def _expected(operation: dict[str, Any], status: int, example: str) -> tuple[str, Any]:
    """The media type and the value of a documented example."""
    for media, content in operation["responses"][str(status)]["content"].items():
        if example in content["examples"]:
            return media, content["examples"][example]["value"]
    raise LookupError(f"no example {example} under {status}")


def _script(kind: str, lines: list[str] | tuple[str, ...]) -> dict[str, Any]:
    return {"listen": kind, "script": {"type": "text/javascript", "exec": list(lines)}}


def _folder_script(spec: ApiCollection, sample_email: str) -> list[str]:
    local, domain = sample_email.rsplit("@", 1)
    lines = [
        f"// Runs before every request of the {spec.folder} folder.",
        f"if (pm.info.requestName === {json.dumps(CREATE)}) {{",
        "  // A fresh email: a second customer with the same one is refused (409).",
        "  const tag = Date.now().toString(16) + Math.random().toString(16).slice(2, 8);",
        f'  pm.collectionVariables.set("{spec.prefix}_EMAIL", `{local}.${{tag}}@{domain}`);',
        "}",
        "// The local stack needs x-api-key; AWS does not (leave it empty there).",
        f'const apiKey = pm.variables.get("{spec.prefix}_API_KEY");',
        "if (apiKey) {",
        '  pm.request.headers.upsert({ key: "x-api-key", value: apiKey });',
        "}",
    ]
    if spec.signed:
        lines += [
            "// COUNT's signature: hex HMAC-SHA256(client secret, METHOD:path:timestamp:",
            "// sha256hex(raw body)); the path without the base URL, the query and a leading",
            "// /partners; the timestamp in milliseconds, signed as sent.",
            'const CryptoJS = require("crypto-js");',
            f'const base = pm.variables.replaceIn("{{{{{spec.prefix}_URL}}}}")',
            '  .replace(/\\/+$/, "");',
            "const url = pm.variables.replaceIn(pm.request.url.toString());",
            'let path = url.slice(base.length).split("?")[0] || "/";',
            'if (path === "/partners" || path.startsWith("/partners/")) {',
            '  path = path.slice("/partners".length) || "/";',
            "}",
            'const raw = pm.request.body ? pm.request.body.raw || "" : "";',
            "const body = pm.variables.replaceIn(raw);",
            "const timestamp = String(Date.now());",
            "const bodyHash = CryptoJS.SHA256(body).toString(CryptoJS.enc.Hex);",
            "const method = pm.request.method.toUpperCase();",
            'const toSign = [method, path, timestamp, bodyHash].join(":");',
            f'const secret = pm.variables.get("{spec.prefix}_CLIENT_SECRET");',
            "const signature = CryptoJS.HmacSHA256(toSign, secret).toString(CryptoJS.enc.Hex);",
            "pm.request.headers.upsert({",
            '  key: "x-client-id",',
            f'  value: pm.variables.get("{spec.prefix}_CLIENT_ID"),',
            "});",
            'pm.request.headers.upsert({ key: "x-timestamp", value: timestamp });',
            'pm.request.headers.upsert({ key: "x-signature", value: signature });',
        ]
    # Each script runs in one shared sandbox per run: a block keeps its names its own.
    return ["{", *(f"  {line}" if line else line for line in lines), "}"]


def _request(
    spec: ApiCollection, name: str, body: dict[str, Any], omit: tuple[str, ...] = ()
) -> dict[str, Any]:
    headers = [{"key": "Content-Type", "value": JSON}]
    headers += [{"key": key, "value": value} for key, value in spec.headers if key not in omit]
    return {
        "method": "POST",
        "header": headers,
        "url": f"{{{{{spec.prefix}_URL}}}}{spec.path}",
        "body": {
            "mode": "raw",
            "raw": json.dumps(body, indent=2, ensure_ascii=False),
            "options": {"raw": {"language": "json"}},
        },
        "description": name,
    }


def _created_tests(spec: ApiCollection, status: int) -> list[str]:
    where = "".join(f"[{json.dumps(key)}]" for key in spec.email_at)
    return [
        f'pm.test("{status}: the customer is created", function () {{',
        f"  pm.response.to.have.status({status});",
        "});",
        'pm.test("it carries the email sent", function () {',
        f"  pm.expect(pm.response.json(){where}).to.eql(",
        f'    pm.collectionVariables.get("{spec.prefix}_EMAIL")',
        "  );",
        "});",
    ]


def _refusal_tests(
    spec: ApiCollection, refusal: Refusal, media: str, value: Any, email: str
) -> list[str]:
    lines = [
        f'pm.test("{refusal.status}: {refusal.name}", function () {{',
        f"  pm.response.to.have.status({refusal.status});",
        "});",
    ]
    if media == JSON:
        expected = json.dumps(value, ensure_ascii=False)
        lines += [
            'pm.test("the documented body", function () {',
            f"  const documented = {expected};",
            "  // The document's example names the sample's email; this run sent a fresh one.",
            "  const expected = JSON.parse(",
            f"    JSON.stringify(documented).split({json.dumps(email)})",
            f'      .join(pm.collectionVariables.get("{spec.prefix}_EMAIL"))',
            "  );",
            "  pm.expect(pm.response.json()).to.eql(expected);",
            "});",
        ]
    else:
        lines += [
            'pm.test("the documented body", function () {',
            f"  pm.expect(pm.response.text()).to.eql({json.dumps(value)});",
            "});",
        ]
    return lines


def _folder(spec: ApiCollection, document: dict[str, Any]) -> dict[str, Any]:
    operation = _operation(document, spec.path)
    sample = _sample_body(operation)
    email = str(sample["email"])
    fresh = {**sample, "email": f"{{{{{spec.prefix}_EMAIL}}}}"}
    without_email = {key: value for key, value in sample.items() if key != "email"}
    success = min(code for code in operation["responses"] if code.startswith("2"))
    items = [
        {
            "name": CREATE,
            "event": [_script("test", _created_tests(spec, int(success)))],
            "request": _request(spec, "The document's sample request with a fresh email.", fresh),
        }
    ]
    for refusal in spec.refusals:
        media, value = _expected(operation, refusal.status, refusal.example)
        body = without_email if refusal.body == "without-email" else fresh
        events = [_script("test", _refusal_tests(spec, refusal, media, value, email))]
        if refusal.script:
            events.insert(0, _script("prerequest", refusal.script))
        items.append(
            {
                "name": refusal.name,
                "event": events,
                "request": _request(
                    spec,
                    f"Documented: {refusal.status} `{refusal.example}`.",
                    body,
                    refusal.omit_headers,
                ),
            }
        )
    return {
        "name": spec.folder,
        "description": f"{document['info']['title']} {document['info']['version']}: "
        f"POST {spec.path}, then its documented errors.",
        "event": [_script("prerequest", _folder_script(spec, email))],
        "item": items,
    }


def collection() -> dict[str, Any]:
    documents = _documents()
    return {
        "info": {
            "name": "Customer APIs",
            "description": (
                "Each API's create-customer request and its documented errors, generated from "
                "openapi/<api>.json (make openapi). Run them in order: the duplicate reuses "
                "the email of the create before it. Environments: collection/environments/."
            ),
            "schema": SCHEMA,
        },
        "item": [_folder(spec, documents[spec.api]) for spec in APIS],
        "variable": [{"key": f"{spec.prefix}_EMAIL", "value": ""} for spec in APIS],
    }


def variables() -> list[tuple[str, bool]]:
    """Every environment variable the collection reads: name, secret or not."""
    names: list[tuple[str, bool]] = []
    for spec in APIS:
        names.append((f"{spec.prefix}_URL", False))
        if spec.signed:
            names += [(f"{spec.prefix}_CLIENT_ID", False), (f"{spec.prefix}_CLIENT_SECRET", True)]
        for _, value in spec.headers:
            names += [(part.split("}}")[0], True) for part in value.split("{{")[1:]]
        names.append((f"{spec.prefix}_API_KEY", True))
    return names


def environment(name: str, values: dict[str, str]) -> dict[str, Any]:
    return {
        "name": name,
        "values": [
            {
                "key": key,
                "value": values.get(key, ""),
                "type": "secret" if secret else "default",
                "enabled": True,
            }
            for key, secret in variables()
        ],
        "_postman_variable_scope": "environment",
    }


def deployed_values() -> dict[str, str]:
    """Placeholders a person replaces: the stage's URL pattern; no API key (AWS needs none)."""
    url = "https://<restApiId>.execute-api.<region>.amazonaws.com/v1"
    return {f"{spec.prefix}_URL": url for spec in APIS}


def local_values(stack: dict[str, Any]) -> dict[str, str]:
    """The variables from .local/stack.json (`make local-up`)."""
    values: dict[str, str] = {}
    for spec in APIS:
        entry = stack[spec.api]
        route = "/" if spec.signed else spec.path  # COUNT's `url` is its `/` route
        values[f"{spec.prefix}_URL"] = entry["url"].removesuffix(route)
        values[f"{spec.prefix}_API_KEY"] = entry["headers"]["x-api-key"]
        authorization = entry["headers"].get("Authorization", "")
        if spec.api == "axim":
            values["AXIM_ACCESS_TOKEN"] = entry["headers"]["accessToken"]
        else:
            values[f"{spec.prefix}_TOKEN"] = authorization.removeprefix("Bearer ")
        if spec.signed:
            values[f"{spec.prefix}_CLIENT_ID"] = entry["clientId"]
            values[f"{spec.prefix}_CLIENT_SECRET"] = entry["clientSecret"]
    return values


def rendered() -> dict[Path, str]:
    """Every file of collection/ as written."""

    def text(value: Any) -> str:
        return json.dumps(value, indent=2, ensure_ascii=False) + "\n"

    local_placeholders = {
        f"{spec.prefix}_URL": "http://127.0.0.1:4566/restapis/<apiId>/v1/_user_request_"
        for spec in APIS
    }
    return {
        COLLECTION: text(collection()),
        ENVIRONMENTS / "local.postman_environment.json": text(
            environment("Local stack (make local-up)", local_placeholders)
        ),
        ENVIRONMENTS / "deployed.postman_environment.json": text(
            environment("Deployed stack (AWS)", deployed_values())
        ),
    }


def write_local_environment(stack_file: Path, target: Path) -> Path:
    """The local environment with the values of a running local stack (its stack.json)."""
    stack = json.loads(stack_file.read_text())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(environment("Local stack (make local-up)", local_values(stack)), indent=2) + "\n"
    )
    target.chmod(0o600)  # it holds the demo credentials, as stack.json does
    return target


def write_all() -> list[str]:
    written = []
    for path, content in rendered().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        written.append(str(path.relative_to(ROOT)))
    return written


# --- newman (npm, pinned in tools/collection/package-lock.json) ---------------------------------

TOOL_DIR = ROOT / "tools" / "collection"
NEWMAN = TOOL_DIR / "node_modules" / "newman" / "bin" / "newman.js"
INSTALL_TIMEOUT_SECONDS = 300
NPM_MISSING = "The collection runs with newman from npm: install Node.js and npm."


def ensure_newman() -> Path:
    """newman from tools/collection's lockfile (npm ci, without install scripts) unless there."""
    if not (npm_tools.installed(TOOL_DIR) and NEWMAN.exists()):
        npm_tools.npm_ci(TOOL_DIR, timeout=INSTALL_TIMEOUT_SECONDS, npm_missing=NPM_MISSING)
    return NEWMAN
