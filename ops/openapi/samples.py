"""`x-codeSamples` of every operation: complete programs an integrator can paste, in curl (bash),
Python (standard library only) and JavaScript (Node 18+, `fetch`, no packages).

Each program reads the API's base URL (everything before the operation's path) and its
credentials from the environment (`<PREFIX>_URL` and the variables of the API's `Credentials`),
adds `x-api-key` from `<PREFIX>_API_KEY` only when that is set (the local stack needs it, AWS
does not), sends the document's sample request with a fresh email, and prints the HTTP status on
its first line, then the body. A signed API's programs sign the request themselves (`Signing`).

The programs are text generated here, never run here: tests/e2e/test_code_samples.py takes
them from the published openapi/<api>.json and runs them against the local stack.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Where the fresh email goes in the curl sample's body (replaced by a shell variable).
_EMAIL_MARK = "__FRESH_EMAIL__"


@dataclass(frozen=True)
class Header:
    """A credential header: its value is `prefix` + the environment variable's value."""

    name: str
    variable: str
    prefix: str = ""


@dataclass(frozen=True)
class Signing:
    """A request signed as `METHOD:path:timestamp:sha256hex(raw body)` with hex HMAC-SHA256 of the
    client secret (COUNT's scheme, count_api/count_signature.py)."""

    client_id: Header
    secret_variable: str
    timestamp_header: str
    signature_header: str
    signed_path: Callable[[str], str]  # the operation's path as it is signed


@dataclass(frozen=True)
class Credentials:
    prefix: str  # AXIM: AXIM_URL, AXIM_API_KEY
    headers: tuple[Header, ...]
    signing: Signing | None = None

    @property
    def url_variable(self) -> str:
        return f"{self.prefix}_URL"

    @property
    def api_key_variable(self) -> str:
        return f"{self.prefix}_API_KEY"

    def variables(self) -> list[str]:
        """Every variable a program reads, the optional API key last."""
        names = [self.url_variable]
        if self.signing:
            names += [self.signing.client_id.variable, self.signing.secret_variable]
        names += [header.variable for header in self.headers]
        return [*dict.fromkeys(names), self.api_key_variable]


@dataclass(frozen=True)
class Operation:
    title: str  # "Create an Axim customer"
    method: str  # "post"
    path: str  # "/customers"
    body: dict[str, Any]  # the document's sample request
    credentials: Credentials


def code_samples(operation: Operation) -> list[dict[str, str]]:
    return [
        {"lang": "Shell", "label": "curl", "source": curl(operation)},
        {"lang": "Python", "label": "Python (standard library)", "source": python(operation)},
        {"lang": "JavaScript", "label": "Node.js 18+ (fetch)", "source": javascript(operation)},
    ]


def _email_parts(body: dict[str, Any]) -> tuple[str, str]:
    local, domain = str(body["email"]).rsplit("@", 1)
    return local, domain


def _reads(operation: Operation) -> str:
    credentials = operation.credentials
    required = ", ".join(credentials.variables()[:-1])
    return f"{required} (and {credentials.api_key_variable} when set)"


def _header_lines(operation: Operation) -> tuple[str, str, str]:
    return (
        f"{operation.title}: {operation.method.upper()} {operation.path}.",
        f"Reads {_reads(operation)} from the environment;",
        "prints the HTTP status on its first line, then the body.",
    )


# --- curl --------------------------------------------------------------------------------------


def curl(operation: Operation) -> str:
    credentials = operation.credentials
    local, domain = _email_parts(operation.body)
    marked = json.dumps({**operation.body, "email": _EMAIL_MARK}, indent=2, ensure_ascii=False)
    before, after = marked.split(json.dumps(_EMAIL_MARK), 1)
    body = shlex.quote(before + '"') + '"$email"' + shlex.quote('"' + after)
    lines = [
        "#!/usr/bin/env bash",
        *(f"# {line}" for line in _header_lines(operation)),
        "set -euo pipefail",
        f'url="${{{credentials.url_variable}%/}}{operation.path}"',
        "# A fresh email: a second customer with the same one is refused (409).",
        f"email=\"{local}.$(od -An -N6 -tx1 /dev/urandom | tr -d ' \\n')@{domain}\"",
        f"body={body}",
        "headers=(-H 'Content-Type: application/json')",
    ]
    for header in credentials.headers:
        lines.append(f'headers+=(-H "{header.name}: {header.prefix}${header.variable}")')
    signing = credentials.signing
    if signing:
        signed = f"{operation.method.upper()}:{signing.signed_path(operation.path)}"
        lines += [
            "# The signature: hex HMAC-SHA256(client secret, METHOD:path:timestamp:sha256(body)).",
            "timestamp=$(date +%s)",
            "body_hash=$(printf '%s' \"$body\" | openssl dgst -sha256 -r | cut -d' ' -f1)",
            f"signature=$(printf '%s' \"{signed}:$timestamp:$body_hash\" \\",
            f"  | openssl dgst -sha256 -hmac \"${signing.secret_variable}\" -r | cut -d' ' -f1)",
            f'headers+=(-H "{signing.client_id.name}: ${signing.client_id.variable}")',
            f'headers+=(-H "{signing.timestamp_header}: $timestamp")',
            f'headers+=(-H "{signing.signature_header}: $signature")',
        ]
    lines += [
        f'if [ -n "${{{credentials.api_key_variable}:-}}" ]; then',
        f'  headers+=(-H "x-api-key: ${credentials.api_key_variable}")',
        "fi",
        "answer=$(mktemp)",
        "trap 'rm -f \"$answer\"' EXIT",
        f"status=$(curl -sS -o \"$answer\" -w '%{{http_code}}' -X {operation.method.upper()} "
        '"$url" "${headers[@]}" --data-binary "$body")',
        'echo "$status"',
        'cat "$answer"',
        "echo",
    ]
    return "\n".join(lines) + "\n"


# --- Python ------------------------------------------------------------------------------------


def python(operation: Operation) -> str:
    credentials = operation.credentials
    local, domain = _email_parts(operation.body)
    signing = credentials.signing
    imports = ["import json", "import os", "import secrets", "import urllib.error"]
    imports.append("import urllib.request")
    if signing:
        imports = ["import hashlib", "import hmac", *imports[:3], "import time", *imports[3:]]
    body = _python_literal(operation.body)
    lines = [
        '"""' + "\n".join(_header_lines(operation)) + '\n"""',
        "",
        *imports,
        "",
        f'url = os.environ["{credentials.url_variable}"].rstrip("/") + "{operation.path}"',
        f"body = {body}",
        "# A fresh email: a second customer with the same one is refused (409).",
        f'body["email"] = f"{local}.{{secrets.token_hex(6)}}@{domain}"',
        "data = json.dumps(body).encode()",
        'headers = {"Content-Type": "application/json"}',
    ]
    for header in credentials.headers:
        value = f'os.environ["{header.variable}"]'
        lines.append(
            f'headers["{header.name}"] = "{header.prefix}" + {value}'
            if header.prefix
            else f'headers["{header.name}"] = {value}'
        )
    if signing:
        signed = f"{operation.method.upper()}:{signing.signed_path(operation.path)}"
        lines += [
            "# The signature: hex HMAC-SHA256(client secret, METHOD:path:timestamp:sha256(body)).",
            "timestamp = str(int(time.time() * 1000))",
            f'to_sign = f"{signed}:{{timestamp}}:{{hashlib.sha256(data).hexdigest()}}"',
            f'secret = os.environ["{signing.secret_variable}"].encode()',
            f'headers["{signing.client_id.name}"] = os.environ["{signing.client_id.variable}"]',
            f'headers["{signing.timestamp_header}"] = timestamp',
            "signature = hmac.new(secret, to_sign.encode(), hashlib.sha256).hexdigest()",
            f'headers["{signing.signature_header}"] = signature',
        ]
    lines += [
        f'if os.environ.get("{credentials.api_key_variable}"):',
        f'    headers["x-api-key"] = os.environ["{credentials.api_key_variable}"]',
        "request = urllib.request.Request("
        f'url, data=data, headers=headers, method="{operation.method.upper()}")',
        "try:",
        "    with urllib.request.urlopen(request, timeout=30) as response:",
        "        status, answer = response.status, response.read()",
        "except urllib.error.HTTPError as error:  # 4xx and 5xx: the API's error body",
        "    status, answer = error.code, error.read()",
        "print(status)",
        'print(answer.decode("utf-8"))',
    ]
    return "\n".join(lines) + "\n"


def _python_literal(value: Any, depth: int = 0) -> str:
    """A JSON value as Python source, one member or item a line (JSON's literals are not
    Python's: true, false and null)."""
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, dict) and value:
        members = [
            f"{inner}{json.dumps(k)}: {_python_literal(v, depth + 1)}," for k, v in value.items()
        ]
        return "{\n" + "\n".join(members) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_python_literal(item, depth + 1)}," for item in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if isinstance(value, bool) or value is None:
        return repr(value)
    return json.dumps(value)


# --- JavaScript (Node) ---------------------------------------------------------------------------


def javascript(operation: Operation) -> str:
    credentials = operation.credentials
    local, domain = _email_parts(operation.body)
    signing = credentials.signing
    needed = "createHash, createHmac, randomBytes" if signing else "randomBytes"
    body = json.dumps(operation.body, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    lines = [
        *(f"// {line}" for line in _header_lines(operation)),
        "// Node.js 18 or later (its own fetch and crypto), no packages.",
        f'const {{ {needed} }} = require("node:crypto");',
        "",
        "function env(name) {",
        "  const value = process.env[name];",
        "  if (!value) throw new Error(`set ${name}`);",
        "  return value;",
        "}",
        "",
        "async function main() {",
        f'  const url = env("{credentials.url_variable}").replace(/\\/+$/, "") + '
        f'"{operation.path}";',
        f"  const body = {body};",
        "  // A fresh email: a second customer with the same one is refused (409).",
        f'  body.email = `{local}.${{randomBytes(6).toString("hex")}}@{domain}`;',
        "  const data = JSON.stringify(body);",
        '  const headers = { "Content-Type": "application/json" };',
    ]
    for header in credentials.headers:
        value = f'env("{header.variable}")'
        lines.append(
            f'  headers["{header.name}"] = "{header.prefix}" + {value};'
            if header.prefix
            else f'  headers["{header.name}"] = {value};'
        )
    if signing:
        signed = f"{operation.method.upper()}:{signing.signed_path(operation.path)}"
        lines += [
            "  // The signature: hex HMAC-SHA256(client secret, "
            "METHOD:path:timestamp:sha256(body)).",
            "  const timestamp = String(Date.now());",
            '  const bodyHash = createHash("sha256").update(data, "utf8").digest("hex");',
            f"  const toSign = `{signed}:${{timestamp}}:${{bodyHash}}`;",
            f'  headers["{signing.client_id.name}"] = env("{signing.client_id.variable}");',
            f'  headers["{signing.timestamp_header}"] = timestamp;',
            f'  headers["{signing.signature_header}"] = createHmac("sha256", '
            f'env("{signing.secret_variable}"))',
            '    .update(toSign, "utf8")',
            '    .digest("hex");',
        ]
    lines += [
        f"  if (process.env.{credentials.api_key_variable}) {{",
        f'    headers["x-api-key"] = process.env.{credentials.api_key_variable};',
        "  }",
        f'  const response = await fetch(url, {{ method: "{operation.method.upper()}", '
        "headers, body: data });",
        "  console.log(response.status);",
        "  console.log(await response.text());",
        "}",
        "",
        "main().catch((error) => {",
        "  console.error(error);",
        "  process.exitCode = 1;",
        "});",
    ]
    return "\n".join(lines) + "\n"
