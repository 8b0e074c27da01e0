"""Everything the measured handlers run against, on this machine only:

- the built layer, the only third-party code on the path (boto3 and botocore included: the
  baselines' boto3 is the layer's too);
- the code folders, copied without any __pycache__ a test run may have left: function code is
  compiled at every cold start, as in /var/task;
- DynamoDB Local in memory (tests/support/dynamodb_local.py installs and starts it), with the
  template's two tables and the credentials the authorizers and COUNT's function read;
- a Secrets Manager stand-in on 127.0.0.1 answering GetSecretValue (xclade's JWT key), since
  DynamoDB Local has no Secrets Manager.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ops.bench.subjects import LAYER, XCLADE_SECRET, Subject, sample_event
from ops.template import ROOT
from tests.support import count_requests, dynamodb_local
from tests.support.cfn import TABLES, table_definition

WORK = ROOT / ".local" / "bench"
CODE = WORK / "code"
AXIM_PRINCIPAL = {"id": "usr_axim_demo", "name": "Demo Integration", "type": "api_client"}
XCLADE_SECRET_ID = "bench-xclade-jwt"  # noqa: S105 - a secret's name  # nosec B105


_copied: set[Path] = set()


def code_folder(subject: Subject) -> Path:
    """A copy of the subject's code folder, as Lambda unpacks it (no bytecode), made once per
    run: the probes run with -B, so it stays without bytecode."""
    target = CODE / subject.name.replace(" ", "-")
    if target in _copied:
        return target
    _copied.add(target)
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    if subject.code == ROOT:  # a baseline: only the bench package
        shutil.copytree(ROOT / "bench", target / "bench", ignore=ignore)
    else:
        shutil.copytree(subject.code, target, ignore=ignore)
    return target


def sys_path(subject: Subject) -> list[str]:
    """Lambda's order: /var/task, then the layer (which ships the SDK the runtime also has)."""
    return [str(code_folder(subject)), str(LAYER)]


class _SecretsManager(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        answer: dict[str, Any] = {
            "ARN": request.get("SecretId"),
            "Name": XCLADE_SECRET_ID,
            # As the stack generates it (xclade_api/signing_keys.py): never rotated.
            "SecretString": json.dumps({"key": XCLADE_SECRET}),
            "CreatedDate": 1_790_000_000.0,
        }
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@dataclass(frozen=True)
class Stores:
    """The running stores and the variables that point a handler at them."""

    environment: dict[str, str]
    auth_items: dict[str, Any]  # pk -> item, what the wire stub answers GetItem with


@contextmanager
def stores() -> Iterator[Stores]:
    # This process's own clients (setup) never reach AWS either.
    os.environ.update(
        {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench"}
        | {"AWS_SECRET_ACCESS_KEY": "bench"}  # nosec B105 - the stand-in's dummy key
    )
    os.environ.pop("AWS_PROFILE", None)
    server = dynamodb_local.start()
    secrets = ThreadingHTTPServer(("127.0.0.1", 0), _SecretsManager)
    thread = threading.Thread(target=secrets.serve_forever, daemon=True)
    thread.start()
    try:
        names = {variable: f"bench-{logical_id}" for logical_id, variable in TABLES.items()}
        environment = {
            **names,
            "AWS_ENDPOINT_URL_DYNAMODB": server.endpoint_url,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": f"http://127.0.0.1:{secrets.server_port}",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",  # nosec B105 - the stand-in's dummy key
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "XCLADE_JWT_SECRET_ID": XCLADE_SECRET_ID,
        }
        yield Stores(environment, _prepare(server, names, environment))
    finally:
        secrets.shutdown()
        secrets.server_close()
        server.stop()


def _prepare(
    server: dynamodb_local.DynamoDBLocal, names: dict[str, str], environment: dict[str, str]
) -> dict[str, Any]:
    """Tables from the template; the credentials of the sample requests, written with our own
    data-access code (as the operator CLI writes them). Returns the AuthTable's items."""
    from customer_core.auth.tokens import token_hash
    from customer_core.store import aws
    from customer_core.store.credentials import CredentialStore, TokenRecord

    admin = dynamodb_local.admin_client(server.endpoint_url)
    for logical_id, variable in TABLES.items():
        admin.create_table(**table_definition(logical_id, names[variable]))
    os.environ.update(environment)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    aws.service_client.cache_clear()
    axim_token = sample_event("axim", "authorizer-valid-token.json")["headers"]["accessToken"]
    CredentialStore(names["AUTH_TABLE_NAME"]).save_token(
        token_hash(axim_token),
        TokenRecord(
            api="axim",
            principal_id=AXIM_PRINCIPAL["id"],
            principal_name=AXIM_PRINCIPAL["name"],
            principal_type=AXIM_PRINCIPAL["type"],
            usage_key="bench-axim-usage-key",
        ),
    )
    count_requests.seed_client()
    count_requests.seed_token()
    items = admin.scan(TableName=names["AUTH_TABLE_NAME"])["Items"]
    return {item["pk"]["S"]: item for item in items}
