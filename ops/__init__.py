"""Operator and local-stack commands (`python -m ops --help`). Never shipped in a function."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _version() -> str:
    """The project's version (pyproject.toml; CHANGELOG.md has a section for it)."""
    if _PYPROJECT.is_file():  # the checkout itself: never a stale install's metadata
        return str(tomllib.loads(_PYPROJECT.read_text())["project"]["version"])
    return metadata.version("customer-api")


__version__ = _version()
