"""Docs tier: the API reference site (make docs) in a real browser, Debian's headless Chromium.

The tier installs what it needs: Swagger UI from tools/docs' lockfile (npm ci, by the site
build) and, where /usr/bin/chromium is missing, Debian's `chromium` package (apt-get; these
machines run as root). The site is served on a free 127.0.0.1 port for the session.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.openapi import site
from tests.support.cfn import ROOT

CHROMIUM = Path("/usr/bin/chromium")
APT_TIMEOUT_SECONDS = 900


def _apt(*arguments: str) -> None:
    apt_get = shutil.which("apt-get")
    if apt_get is None or os.geteuid() != 0:
        pytest.fail(
            "The docs tier needs Debian's chromium at /usr/bin/chromium and installs it with "
            "apt-get as root; here it can't: install it with `apt-get install -y chromium`.",
            pytrace=False,
        )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [apt_get, *arguments],
        capture_output=True,
        text=True,
        timeout=APT_TIMEOUT_SECONDS,
        check=False,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    if result.returncode != 0:
        pytest.fail(
            f"apt-get {' '.join(arguments)} failed:\n{result.stderr[-3000:]}", pytrace=False
        )


@pytest.fixture(scope="session")
def chromium() -> Path:
    (ROOT / ".local").mkdir(exist_ok=True)
    # One installer at a time (pytest-xdist workers each ask).
    with (ROOT / ".local" / "chromium-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not CHROMIUM.exists():
            _apt("update")
            _apt("install", "-y", "chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def reference_site() -> Iterator[str]:
    """The built site, served on 127.0.0.1; yields its base URL."""
    try:
        site.build()
    except site.DocsError as error:
        pytest.fail(str(error), pytrace=False)
    httpd = site.server(port=0)
    thread = threading.Thread(target=httpd.serve_forever, name="docs-server", daemon=True)
    thread.start()
    try:
        yield f"http://{site.HOST}:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
