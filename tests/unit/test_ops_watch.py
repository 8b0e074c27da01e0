"""`python -m ops watch`: which functions follow the shared layer, and what counts as a change."""

from __future__ import annotations

import os

from ops import apis
from ops.local import watch


def test_every_function_follows_the_shared_layer():
    every = (*apis.functions(), *apis.stack_functions())  # the events publisher too
    assert sorted(watch.layer_users()) == sorted(f.logical_id for f in every)


def test_layer_sources_are_the_layers_content_uri():
    assert (watch.layer_sources() / "requirements.txt").is_file()


def test_bytecode_caches_are_not_changes(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "module.py").write_text("X = 1\n")
    before = watch.snapshot(tmp_path)
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"")
    assert watch.snapshot(tmp_path) == before
    module = tmp_path / "pkg" / "module.py"
    module.write_text("X = 2\n")
    os.utime(module, (1, 1))  # a saved file: another modification time
    assert watch.snapshot(tmp_path) != before
