"""MiniStack as a process: its own virtual environment, start, stop and health."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import signal
import subprocess  # starts sam and MiniStack, our own tools  # nosec B404
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ops.template import ROOT as ROOT

LOCAL = ROOT / ".local"
STACK_FILE = LOCAL / "stack.json"
PID_FILE = LOCAL / "ministack.pid"
MINISTACK_LOG = LOCAL / "ministack.log"
MINISTACK_VENV = LOCAL / "ministack-venv"
MINISTACK_REQUIREMENTS = ROOT / "ops" / "ministack-requirements.txt"

HOST = "127.0.0.1"
# Another port lets two checkouts run their stacks side by side (LOCAL_STACK_PORT=4567 make …).
PORT = int(os.environ.get("LOCAL_STACK_PORT", "4566"))
ENDPOINT = f"http://{HOST}:{PORT}"
REGION = "us-east-1"
ARTIFACT_BUCKET = "customer-api-local-artifacts"
# Low enough that a concurrent burst in tests/e2e reaches a 429, high enough that sequential
# calls never do. Given to every `<Api>RateLimit` / `<Api>BurstLimit` template parameter
# (every usage plan's included, whatever its default); the
# stage throttles get twice as much (ops/local/deploy.py).
# `make load` raises them for its run (LOCAL_RATE_LIMIT / LOCAL_BURST_LIMIT).
THROTTLE = {
    "rateLimit": int(os.environ.get("LOCAL_RATE_LIMIT", "10")),
    "burstLimit": int(os.environ.get("LOCAL_BURST_LIMIT", "20")),
}

START_TIMEOUT_S = 60
ANSWER_TIMEOUT_S = 120
STOP_TIMEOUT_S = 10


def say(message: str) -> None:
    print(f"[local {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# MiniStack accepts any keys: this one only gives boto3 and sam the shape they expect.
DUMMY_KEY = "local"
DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": DUMMY_KEY, "AWS_SECRET_ACCESS_KEY": DUMMY_KEY}


def local_environment() -> dict[str, str]:
    """Every AWS call (boto3 here, sam in subprocesses) goes to MiniStack with dummy keys."""
    return {
        "AWS_ENDPOINT_URL": ENDPOINT,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        **DUMMY_CREDENTIALS,
        "SAM_CLI_TELEMETRY": "0",
        # sam and its layer Makefile's python3 come from the environment running us (.venv).
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def use_local_aws() -> None:
    os.environ.update(local_environment())
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)


def run_command(command: list[str]) -> None:
    say("$ " + shlex.join(command))
    subprocess.run(command, cwd=ROOT, env=os.environ, check=True)  # noqa: S603 - our own tools  # nosec B603


# --- MiniStack ---------------------------------------------------------------------------------


def ensure_ministack_installed() -> Path:
    """MiniStack's own virtual environment, (re)installed when its pinned requirements change."""
    stamp = MINISTACK_VENV / ".installed"
    wanted = hashlib.sha256(MINISTACK_REQUIREMENTS.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return MINISTACK_VENV / "bin" / "ministack"
    say(f"installing MiniStack into {MINISTACK_VENV.relative_to(ROOT)} (once, about 30 s)")
    # The base interpreter (3.11, as Lambda's): MiniStack runs the functions on it.
    base_python = getattr(sys, "_base_executable", sys.executable)
    run_command([base_python, "-m", "venv", "--clear", str(MINISTACK_VENV)])
    pip = str(MINISTACK_VENV / "bin" / "pip")
    run_command([pip, "install", "--quiet", "--no-deps", "-r", str(MINISTACK_REQUIREMENTS)])
    stamp.write_text(wanted + "\n")
    return MINISTACK_VENV / "bin" / "ministack"


def ministack_answers() -> bool:
    try:
        health = f"{ENDPOINT}/_ministack/health"
        with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310 - our http URL  # nosec B310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _our_ministack_pid() -> int | None:
    """The MiniStack process local-up started, if it is still running."""
    try:
        pid = int(PID_FILE.read_text().strip())
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    # A recycled pid is not ours: the process must run this checkout's MiniStack.
    return pid if str(MINISTACK_VENV).encode() in command_line else None


def _ministack_environment() -> dict[str, str]:
    """A clean environment: MiniStack hands its own to every function worker, so whatever the
    caller had set (a test run's table names, say) would otherwise reach the functions."""
    kept = {k: os.environ[k] for k in ("HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**kept, **local_environment(), "BIND_HOST": HOST, "GATEWAY_PORT": str(PORT)}


def start_ministack() -> bool:
    """Start MiniStack unless one already answers on the port. True if this call started it."""
    executable = ensure_ministack_installed()
    if ministack_answers():
        say(f"MiniStack already answers on {ENDPOINT}: using it")
        return False
    say(f"starting MiniStack on {ENDPOINT} (log: {MINISTACK_LOG.relative_to(ROOT)})")
    with MINISTACK_LOG.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - MiniStack from our own venv  # nosec B603
            [str(executable)],
            cwd=LOCAL,
            env=_ministack_environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: Ctrl-C reaches us, and local-down stops it with its workers.
            start_new_session=True,
        )
    PID_FILE.write_text(f"{process.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ministack_answers():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_ministack()
            tail = MINISTACK_LOG.read_text()[-2000:]
            raise RuntimeError(f"MiniStack did not start; its log ends:\n{tail}")
        time.sleep(0.2)
    say(f"MiniStack is up (pid {process.pid})")
    return True


def stop_ministack() -> bool:
    """Stop the MiniStack (and its function workers) that local-up started. True if it ran."""
    pid = _our_ministack_pid()
    PID_FILE.unlink(missing_ok=True)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    return True
