"""collection/: what `make openapi` generates from the documents, each API's create and its
documented errors, COUNT signed by a folder pre-request script, two environments."""

from __future__ import annotations

import difflib
import json

import pytest

from ops.openapi import collection
from tests.support.openapi import document


@pytest.mark.parametrize("path", sorted(collection.rendered()), ids=lambda p: p.name)
def test_collection_files_are_what_the_documents_generate(path):
    generated = collection.rendered()[path]
    committed = path.read_text() if path.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True), generated.splitlines(keepends=True), n=1
        )
    )
    assert not diff, f"{path.name} is out of date: run `make openapi`\n{diff[:3000]}"


def folders() -> dict[str, dict]:
    loaded = json.loads(collection.COLLECTION.read_text())
    return {folder["name"]: folder for folder in loaded["item"]}


@pytest.mark.parametrize("spec", collection.APIS, ids=lambda s: s.api)
def test_each_api_has_its_create_and_documented_errors(spec):
    folder = folders()[spec.folder]
    names = [item["name"] for item in folder["item"]]
    assert names[0] == collection.CREATE
    assert {"Duplicate email", "Missing required field"} <= set(names)
    assert any(refusal.status == 401 for refusal in spec.refusals)
    operation = document(spec.api)["paths"][spec.path]["post"]
    for refusal in spec.refusals:
        content = operation["responses"][str(refusal.status)]["content"]
        assert any(refusal.example in media["examples"] for media in content.values())


def test_count_requests_are_signed_by_the_folder_script():
    script = "\n".join(folders()["COUNT"]["event"][0]["script"]["exec"])
    assert "CryptoJS.HmacSHA256(toSign, secret)" in script
    assert 'key: "x-signature"' in script
    for name in ("Axim", "xclade"):
        assert "x-signature" not in json.dumps(folders()[name])


def test_environments_name_every_variable_the_collection_reads():
    text = collection.COLLECTION.read_text()
    for name in ("local", "deployed"):
        path = collection.ENVIRONMENTS / f"{name}.postman_environment.json"
        keys = {value["key"] for value in json.loads(path.read_text())["values"]}
        for key in keys:
            assert key in text, f"{name}: {key} is not used by the collection"
        used = {part.split("}}")[0] for part in text.split("{{")[1:]}
        assert used - {f"{spec.prefix}_EMAIL" for spec in collection.APIS} <= keys
