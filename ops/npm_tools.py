"""npm packages pinned per tool folder (tools/<tool>/package-lock.json), installed with `npm ci`
without install scripts, and again only when the lockfile is newer than the install."""

from __future__ import annotations

import shutil
import subprocess  # runs npm ci on our own pinned tools  # nosec B404
from pathlib import Path


class NpmInstallError(RuntimeError):
    """`npm ci` could not run or failed; the message says why."""


def installed(tool_dir: Path) -> bool:
    marker = tool_dir / "node_modules" / ".package-lock.json"
    lockfile = tool_dir / "package-lock.json"
    return marker.exists() and marker.stat().st_mtime >= lockfile.stat().st_mtime


def npm_ci(tool_dir: Path, *, timeout: float, npm_missing: str) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise NpmInstallError(npm_missing)
    result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=tool_dir,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise NpmInstallError(f"`npm ci` in {tool_dir} failed:\n{result.stdout}\n{result.stderr}")
