"""The contracts' lifecycle: each document's version, its released copies and the breaking-change
check (`python -m ops openapi-check`, part of `make test`).

A release keeps a copy of each document as published, openapi/released/<api>-<version>.json.
The check compares openapi/<api>.json with the highest released version of the same API using
api-smart-diff (npm, pinned in tools/openapi-diff/package-lock.json, installed with `npm ci`
when the lockfile is newer than the install): a breaking change fails unless the document's
major version is above the released one's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess  # runs our pinned diff tool  # nosec B404
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ops import npm_tools
from ops.openapi.description import ROOT

DOCUMENTS = ROOT / "openapi"
RELEASED = DOCUMENTS / "released"
TOOL_DIR = ROOT / "tools" / "openapi-diff"
SCRIPT = TOOL_DIR / "breaking.cjs"
INSTALL_TIMEOUT_SECONDS = 300
DIFF_TIMEOUT_SECONDS = 120
NPM_MISSING = "The breaking-change check runs api-smart-diff with npm: install Node.js and npm."
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


class ContractError(RuntimeError):
    """The check could not run; the message says why."""


@dataclass(frozen=True)
class Verdict:
    api: str
    current: str  # the document's info.version
    released: str | None  # the last released version, None before the first release
    breaking: tuple[dict[str, Any], ...]

    @property
    def major_moved(self) -> bool:
        return self.released is not None and _major(self.current) > _major(self.released)

    @property
    def ok(self) -> bool:
        return not self.breaking or self.major_moved

    def report(self) -> str:
        if self.released is None:
            return f"{self.api} {self.current}: no released version to compare with"
        head = f"{self.api} {self.current} against released {self.released}"
        if not self.breaking:
            return f"{head}: no breaking change"
        lines = [
            f"  - {change['description']} ({_pointer(change['path'])})" for change in self.breaking
        ]
        if self.major_moved:
            return (
                f"{head}: {len(self.breaking)} breaking change(s), allowed by the new major\n"
                + "\n".join(lines)
            )
        return (
            f"{head}: {len(self.breaking)} breaking change(s) without a new major version "
            "(raise info.version's major, or undo the change):\n" + "\n".join(lines)
        )


def _major(version: str) -> int:
    return _semver(version)[0]


def _semver(version: str) -> tuple[int, int, int]:
    matched = SEMVER.match(version)
    if not matched:
        raise ContractError(f"{version!r} is not a version MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in matched.groups())
    return major, minor, patch


def _pointer(path: list[Any]) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


def released_copies(api: str, released_dir: Path = RELEASED) -> dict[str, Path]:
    """The API's released documents by version, oldest first."""
    found = {}
    for path in released_dir.glob(f"{api}-*.json"):
        version = path.stem.removeprefix(f"{api}-")
        _semver(version)
        found[version] = path
    return dict(sorted(found.items(), key=lambda item: _semver(item[0])))


def ensure_installed() -> Path:
    if not (
        npm_tools.installed(TOOL_DIR) and (TOOL_DIR / "node_modules" / "api-smart-diff").exists()
    ):
        try:
            npm_tools.npm_ci(TOOL_DIR, timeout=INSTALL_TIMEOUT_SECONDS, npm_missing=NPM_MISSING)
        except npm_tools.NpmInstallError as error:
            raise ContractError(str(error)) from None
    return TOOL_DIR


def breaking_changes(before: Path, after: Path) -> list[dict[str, Any]]:
    """api-smart-diff's breaking changes from `before` to `after`."""
    ensure_installed()
    node = shutil.which("node")
    if node is None:
        raise ContractError(NPM_MISSING)
    result = subprocess.run(  # noqa: S603 - our pinned tool, our files  # nosec B603
        [node, str(SCRIPT), str(before), str(after)],
        cwd=TOOL_DIR,
        capture_output=True,
        text=True,
        timeout=DIFF_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        raise ContractError(f"api-smart-diff failed:\n{result.stderr[-3000:]}")
    changes: list[dict[str, Any]] = json.loads(result.stdout)
    return changes


def check(api: str, document: Path | None = None, released_dir: Path = RELEASED) -> Verdict:
    """openapi/<api>.json (or `document`) against the API's last released copy."""
    document = document or DOCUMENTS / f"{api}.json"
    current = str(json.loads(document.read_text())["info"]["version"])
    _semver(current)
    copies = released_copies(api, released_dir)
    if not copies:
        return Verdict(api, current, None, ())
    version, path = list(copies.items())[-1]
    if _semver(current) < _semver(version):
        raise ContractError(f"{api}: version {current} is older than the released {version}")
    return Verdict(api, current, version, tuple(breaking_changes(path, document)))


def release(api: str) -> Path:
    """Keep openapi/<api>.json as released: openapi/released/<api>-<version>.json."""
    document = DOCUMENTS / f"{api}.json"
    version = str(json.loads(document.read_text())["info"]["version"])
    target = RELEASED / f"{api}-{version}.json"
    if target.exists() and target.read_text() != document.read_text():
        raise ContractError(f"released/{target.name} exists and differs: raise info.version")
    RELEASED.mkdir(exist_ok=True)
    shutil.copyfile(document, target)
    return target
