"""template.yaml as data, CloudFormation's short-form intrinsics (!Ref, !Sub …) kept as dicts.

The one reader of the template for the operator commands and the tests alike.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
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


def load_template(path: Path) -> dict[str, Any]:
    """Any SAM/CloudFormation template file (e.g. the built .aws-sam/build/template.yaml)."""
    with path.open() as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=_CfnLoader)  # noqa: S506 - safe loader subclass  # nosec B506
    return loaded


@cache
def template() -> dict[str, Any]:
    return load_template(TEMPLATE)


def resource(logical_id: str) -> dict[str, Any]:
    found: dict[str, Any] = template()["Resources"][logical_id]
    return found


def function_environment(logical_id: str) -> set[str]:
    """The environment variables the template gives a function: Globals' and its own."""
    globals_env = template().get("Globals", {}).get("Function", {}).get("Environment", {})
    own = resource(logical_id)["Properties"].get("Environment", {})
    return set(globals_env.get("Variables", {})) | set(own.get("Variables", {}))


def default_environment(logical_id: str, placeholder: str = "placeholder") -> dict[str, str]:
    """A function's environment as Lambda would set it with the parameters at their defaults;
    values the template computes (resource names, conditions) become `<placeholder>-<name>`."""
    parameters = template()["Parameters"]
    globals_env = template().get("Globals", {}).get("Function", {}).get("Environment", {})
    own = resource(logical_id)["Properties"].get("Environment", {})
    variables = {}
    for name, value in {**globals_env.get("Variables", {}), **own.get("Variables", {})}.items():
        if isinstance(value, dict) and value.get("Ref") in parameters:
            value = parameters[value["Ref"]]["Default"]
            # A Number parameter reaches the function as its text, as Lambda passes it.
            value = str(value) if isinstance(value, int | float) else value
        variables[name] = value if isinstance(value, str) else f"{placeholder}-{name.lower()}"
    return variables
