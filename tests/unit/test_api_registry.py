"""Adding an API is one package, one template block and its fixtures: every place that lists the
APIs either derives from ops.apis (itself derived from template.yaml) or is checked here, and a
missing API fails naming the place that misses it."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

from ops import apis
from ops.local import provision
from ops.template import ROOT, template
from tests.integration.adapters import ADAPTERS

API_NAMES = apis.names()


def missing(place: str, found: object) -> str:
    return f"{place} does not cover every API of template.yaml {sorted(API_NAMES)}: {found!r}"


def test_the_registry_is_every_function_of_template_yaml():
    functions = {
        logical_id
        for logical_id, resource in template()["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    # Every function is an API's, or one of the stack's own (the events publisher), not both.
    api_functions = {f.logical_id for f in apis.functions()}
    stack_functions = {f.logical_id for f in apis.stack_functions()}
    assert api_functions | stack_functions == functions
    assert not api_functions & stack_functions
    assert stack_functions == {"CustomerEventsFunction"}
    for api in apis.apis():
        # One create function (with its routes) and one authorizer per API.
        assert api.create_function.module == f"{api.package}.handler"
        assert api.authorizer_function.module == f"{api.package}.authorizer"
        assert api.routes, f"{api.name}: the create function has no Api event"


@pytest.mark.parametrize("api", apis.apis(), ids=str)
def test_each_api_has_its_package_and_fixtures(api: apis.Api):
    assert (api.code_dir / api.package / "__init__.py").is_file(), f"{api.package} package"
    assert (api.code_dir / api.package / "py.typed").is_file(), f"{api.package}/py.typed"
    samples = sorted(api.events_dir.glob("create-customer-*.json"))
    assert samples, f"events/{api.name}/ holds no create-customer fixture"
    assert sorted(api.events_dir.glob("authorizer-*.json")), f"events/{api.name}/ authorizer"


def test_the_editable_install_and_the_wheel_cover_every_api():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    build = project["tool"]["hatch"]["build"]
    roots = {Path(root) for root in build["dev-mode-dirs"]}
    wheel = {Path(package) for package in build["targets"]["wheel"]["packages"]}
    for api in apis.apis():
        code_dir = api.code_dir.relative_to(ROOT)
        assert code_dir in roots, missing("pyproject.toml [tool.hatch.build] dev-mode-dirs", roots)
        assert code_dir / api.package in wheel, missing("pyproject.toml wheel packages", wheel)


def test_every_api_has_its_operator_commands():
    for name in API_NAMES:
        module = importlib.import_module(f"ops.{name}")
        assert callable(getattr(module, "register", None)), missing(f"ops/{name}/ register()", name)


def test_the_local_stack_provisions_every_api():
    assert set(provision.PROVISIONERS) == set(API_NAMES), missing(
        "ops/local/provision.py PROVISIONERS", sorted(provision.PROVISIONERS)
    )


def test_the_integration_tier_has_an_adapter_for_every_api():
    names = sorted(adapter.name for adapter in ADAPTERS)
    assert names == sorted(API_NAMES), missing("tests/integration/adapters.py ADAPTERS", names)
    for adapter in ADAPTERS:
        assert adapter.function_logical_id == apis.api(adapter.name).create_function.logical_id


def test_the_e2e_tier_has_a_module_for_every_api():
    found = sorted(p.stem.removeprefix("test_") for p in (ROOT / "tests" / "e2e").glob("test_*.py"))
    assert set(API_NAMES) <= set(found), missing("tests/e2e/test_<api>.py", found)


def test_every_api_has_its_docs_page():
    pages = sorted(p.stem for p in (ROOT / "docs" / "apis").glob("*.md"))
    assert set(API_NAMES) <= set(pages), missing("docs/apis/<api>.md", pages)
