"""The botocore data our AWS clients are made from (customer_core/store/botocore_data/, written by
`python -m ops botocore-data`): exactly what the installed botocore gives, so a botocore pin bump
fails here until the data is regenerated."""

from __future__ import annotations

import difflib
import json
from typing import Any

import botocore
import pytest

from ops import botocore_data

REGENERATE = f"run `{botocore_data.COMMAND}` (make botocore-data) and commit the result"


# --- the committed files ------------------------------------------------------------------------


def test_committed_data_is_what_the_installed_botocore_gives():
    committed = botocore_data.committed()
    generated = botocore_data.render()
    problems = [f"missing: {name}" for name in sorted(generated.keys() - committed.keys())]
    problems += [f"not generated: {name}" for name in sorted(committed.keys() - generated.keys())]
    for name in sorted(generated.keys() & committed.keys()):
        if generated[name] != committed[name]:
            problems.append(f"differs: {name}")
            if not name.endswith(".gz"):
                problems += list(
                    difflib.unified_diff(
                        committed[name].decode().splitlines(),
                        generated[name].decode().splitlines(),
                        "committed",
                        "generated",
                        n=1,
                        lineterm="",
                    )
                )[:40]
    assert not problems, (
        f"{botocore_data.DATA} is not what botocore {botocore.__version__} gives: {REGENERATE}\n"
        + "\n".join(problems)
    )


def test_the_data_says_which_botocore_it_came_from():
    source = json.loads((botocore_data.DATA / botocore_data.SOURCE_FILE).read_text())
    assert source["botocore"] == botocore.__version__, REGENERATE
    assert source["generatedBy"] == botocore_data.COMMAND


def test_the_cut_model_keeps_the_operations_their_shapes_and_every_error_and_no_documentation():
    loader = botocore_data.source_loader()
    full = loader.load_data("dynamodb/2012-08-10/service-2")
    cut = botocore_data.trim_model(full, ("GetItem",))
    assert list(cut["operations"]) == ["DescribeEndpoints", "GetItem"]  # + endpoint discovery
    reached = {"GetItemInput", "GetItemOutput", "AttributeValue", "AttributeMap"}
    assert reached <= cut["shapes"].keys()
    assert "PutItemInput" not in cut["shapes"]
    errors = {name for name, shape in full["shapes"].items() if shape.get("exception")}
    assert errors <= cut["shapes"].keys()
    assert "documentation" not in json.dumps(cut)
    for name, shape in cut["shapes"].items():  # each kept shape whole, but for its documentation
        assert shape == _strip_documentation(full["shapes"][name])
    with pytest.raises(LookupError, match="Scam"):
        botocore_data.trim_model(full, ("Scam",))


def _strip_documentation(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _strip_documentation(item)
            for key, item in value.items()
            if not (key.startswith("documentation") and isinstance(item, str))
        }
    return value
