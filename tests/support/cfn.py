"""template.yaml as data: the tests build their tables from its key schemas, not from a copy."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that keeps CloudFormation's short-form intrinsics (!Ref, !Sub …) as dicts."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


@cache
def template() -> dict[str, Any]:
    with TEMPLATE.open() as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - safe loader subclass
    return loaded


def resource(logical_id: str) -> dict[str, Any]:
    found: dict[str, Any] = template()["Resources"][logical_id]
    return found


def table_definition(logical_id: str, table_name: str) -> dict[str, Any]:
    """CreateTable arguments from a template table: key schema and attributes as deployed."""
    properties = resource(logical_id)["Properties"]
    return {
        "TableName": table_name,
        "KeySchema": properties["KeySchema"],
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "BillingMode": properties["BillingMode"],
    }


TABLES = {"CustomerTable": "CUSTOMER_TABLE_NAME", "AuthTable": "AUTH_TABLE_NAME"}


def load_template(path: Path) -> dict[str, Any]:
    """Any SAM/CloudFormation template file (e.g. the built .aws-sam/build/template.yaml)."""
    with path.open() as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - safe loader subclass
    return loaded
