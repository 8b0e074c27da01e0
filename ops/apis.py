"""The one list of the APIs this application serves, derived from template.yaml.

An API is the set of Lambda functions whose CodeUri is `functions/<name>/`: its package is
`<name>_api`, its fixtures are in `events/<name>/`, its resources' logical ids start with its
name in CamelCase (`Axim…`), and its routes are the create function's Api events. Everything
that lists APIs (lint and type sources, bench, local stack, integration adapters, artifact and
e2e tests, operator commands) takes the list from here, or tests/unit/test_api_registry.py
checks it against this list and names the place that is missing an API.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ops.template import ROOT, template

FUNCTIONS_DIR = "functions"
EVENTS_DIR = ROOT / "events"


@dataclass(frozen=True)
class Function:
    logical_id: str
    handler: str  # e.g. axim_api.handler.lambda_handler

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]

    @property
    def is_authorizer(self) -> bool:
        return self.module.endswith(".authorizer")


@dataclass(frozen=True)
class Api:
    name: str  # axim
    functions: tuple[Function, ...]
    routes: tuple[str, ...]  # the create function's paths, first = the documented one

    @property
    def package(self) -> str:
        return f"{self.name}_api"

    @property
    def code_dir(self) -> Path:
        return ROOT / FUNCTIONS_DIR / self.name

    @property
    def events_dir(self) -> Path:
        return EVENTS_DIR / self.name

    @property
    def resource_prefix(self) -> str:
        """The logical-id prefix of its resources: `Axim`, `Xclade`, `Count`."""
        return self.name[:1].upper() + self.name[1:]

    @property
    def create_function(self) -> Function:
        return next(f for f in self.functions if not f.is_authorizer)

    @property
    def authorizer_function(self) -> Function:
        return next(f for f in self.functions if f.is_authorizer)

    def __str__(self) -> str:
        return self.name

    def output(self, suffix: str) -> str:
        """A stack output of this API by its suffix, e.g. `ApiId` → `AximApiId`."""
        return f"{self.resource_prefix}{suffix}"


@cache
def apis() -> tuple[Api, ...]:
    by_name: dict[str, list[Function]] = {}
    routes: dict[str, list[str]] = {}
    for logical_id, resource in template()["Resources"].items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = resource["Properties"]
        code_uri = str(properties["CodeUri"]).strip("/")
        folder, _, name = code_uri.partition("/")
        if folder != FUNCTIONS_DIR or not name:
            continue
        function = Function(logical_id, str(properties["Handler"]))
        by_name.setdefault(name, []).append(function)
        for event in (properties.get("Events") or {}).values():
            if event.get("Type") == "Api":
                routes.setdefault(name, []).append(str(event["Properties"]["Path"]))
    return tuple(
        Api(name=name, functions=tuple(functions), routes=tuple(routes.get(name, ())))
        for name, functions in by_name.items()
    )


def api(name: str) -> Api:
    for candidate in apis():
        if candidate.name == name:
            return candidate
    raise KeyError(f"no API named {name!r} in template.yaml")


def names() -> tuple[str, ...]:
    return tuple(candidate.name for candidate in apis())


def functions() -> tuple[Function, ...]:
    return tuple(function for candidate in apis() for function in candidate.functions)


@cache
def stack_functions() -> tuple[Function, ...]:
    """The stack's functions that belong to no API (CodeUri outside functions/): the customer
    table's stream consumer (consumers/customer_events/, docs/events.md)."""
    own = {function.logical_id for function in functions()}
    return tuple(
        Function(logical_id, str(resource["Properties"]["Handler"]))
        for logical_id, resource in template()["Resources"].items()
        if resource.get("Type") == "AWS::Serverless::Function" and logical_id not in own
    )
