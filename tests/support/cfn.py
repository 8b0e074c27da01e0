"""template.yaml as data: the tests build their tables from its key schemas, not from a copy."""

from __future__ import annotations

from typing import Any

from ops.template import ROOT, TEMPLATE, load_template, resource, template

__all__ = [
    "ROOT",
    "TABLES",
    "TEMPLATE",
    "load_template",
    "parameter_default",
    "resource",
    "table_definition",
    "template",
]


def parameter_default(value: Any) -> Any:
    """A literal as is; `{"Ref": parameter}` as that parameter's default (a number if numeric)."""
    if not (isinstance(value, dict) and set(value) == {"Ref"}):
        return value
    default = template()["Parameters"][value["Ref"]]["Default"]
    if isinstance(default, str):
        try:
            return float(default) if "." in default else int(default)
        except ValueError:
            return default
    return default


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
