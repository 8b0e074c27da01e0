"""The contracts' lifecycle: versions, released copies and the breaking-change check
(api-smart-diff, installed from tools/openapi-diff's lockfile), run on every document."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ops.openapi import contract, generate
from ops.template import ROOT
from tests.support.openapi import document

APIS = generate.api_names()
CHANGELOG = ROOT / "CHANGELOG.md"


def write(path: Path, value: dict[str, Any]) -> Path:
    path.write_text(json.dumps(value, indent=2) + "\n")
    return path


@pytest.mark.parametrize("api", APIS)
def test_no_breaking_change_since_the_last_release(api: str) -> None:
    verdict = contract.check(api)
    assert verdict.released is not None, f"openapi/released/ holds no {api}-<version>.json"
    assert verdict.ok, verdict.report()


@pytest.mark.parametrize("api", APIS)
def test_released_copies_are_named_by_their_version(api: str) -> None:
    for version, path in contract.released_copies(api).items():
        assert json.loads(path.read_text())["info"]["version"] == version, path


@pytest.mark.parametrize("api", APIS)
def test_each_version_has_a_changelog_entry(api: str) -> None:
    versions = {document(api)["info"]["version"], *contract.released_copies(api)}
    text = CHANGELOG.read_text()
    for version in versions:
        assert re.search(rf"^## .*\b{re.escape(version)}\b", text, re.MULTILINE), (
            f"CHANGELOG.md has no heading for {api} {version}"
        )


def released_as_is(tmp_path: Path) -> Path:
    """A released folder holding Axim's current document as its last release."""
    released = tmp_path / "released"
    released.mkdir()
    write(released / f"axim-{document('axim')['info']['version']}.json", document("axim"))
    return released


def bumped(*, minor: bool) -> str:
    major, minor_part, _ = (int(p) for p in document("axim")["info"]["version"].split("."))
    return f"{major}.{minor_part + 1}.0" if minor else f"{major + 1}.0.0"


def without_created_email(api: str) -> dict[str, Any]:
    """The document with the created customer's `email` removed from the success body."""
    changed = copy.deepcopy(document(api))
    schemas = changed["components"]["schemas"]
    customer = schemas["CustomerData"]
    del customer["properties"]["email"]
    customer["required"].remove("email")
    return changed


def test_check_fails_on_a_removed_response_field(tmp_path: Path, capsys) -> None:
    released = released_as_is(tmp_path)
    changed = without_created_email("axim")
    changed["info"]["version"] = bumped(minor=True)  # a minor release may not remove a field
    verdict = contract.check("axim", write(tmp_path / "axim.json", changed), released)
    with capsys.disabled():
        print("\n" + verdict.report())
    assert not verdict.ok
    assert any(
        change["action"] == "remove" and change["path"][-1] == "email" and "201" in change["path"]
        for change in verdict.breaking
    ), verdict.breaking
    assert "without a new major version" in verdict.report()


def test_check_allows_a_breaking_change_with_a_new_major(tmp_path: Path) -> None:
    released = released_as_is(tmp_path)
    changed = without_created_email("axim")
    changed["info"]["version"] = bumped(minor=False)
    verdict = contract.check("axim", write(tmp_path / "axim.json", changed), released)
    assert verdict.breaking
    assert verdict.ok, verdict.report()


def test_check_refuses_a_version_older_than_the_released_one(tmp_path: Path) -> None:
    released = tmp_path / "released"
    released.mkdir()
    write(released / "axim-9.0.0.json", document("axim"))
    with pytest.raises(contract.ContractError, match=r"older than the released 9\.0\.0"):
        contract.check("axim", contract.DOCUMENTS / "axim.json", released)


def test_release_keeps_a_copy_per_version_and_never_rewrites_one(tmp_path, monkeypatch):
    documents = tmp_path / "openapi"
    documents.mkdir()
    monkeypatch.setattr(contract, "DOCUMENTS", documents)
    monkeypatch.setattr(contract, "RELEASED", documents / "released")
    write(documents / "axim.json", document("axim"))

    kept = contract.release("axim")

    version = document("axim")["info"]["version"]
    assert kept == documents / "released" / f"axim-{version}.json"
    assert json.loads(kept.read_text()) == document("axim")
    assert contract.release("axim") == kept  # the same document again: nothing changes
    changed = {**document("axim"), "info": {**document("axim")["info"], "title": "Other"}}
    write(documents / "axim.json", changed)
    with pytest.raises(contract.ContractError, match=r"raise info\.version"):
        contract.release("axim")
