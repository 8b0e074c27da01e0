"""A fourth API, added as docs/adding-an-api.md says, in a temporary copy of the tree: Axim's
package, fixtures, operator package, template block, docs page and tests under another name
(`acme`), plus its lines in pyproject.toml and its integration adapter. Every place that lists
APIs must pick it up: lint and types, the registry checks, the local stack's provisioning plan,
the bench subjects, OpenAPI generation and the test tables. Then, one at a time, a place is left
out, and the registry checks must fail naming it.

Nothing outside the copy changes; the copy's code is imported before the installed tree's
(PYTHONPATH), so what runs is what a new engineer's checkout would run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess  # nosec B404 - our own interpreter and tools on our own copy
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops import apis
from ops.template import ROOT

NEW = "acme"
MODEL = "axim"  # the API the new one is copied from
BIN = Path(sys.executable).parent


def renamed(text: str, *, upper: bool = False) -> str:
    """Axim's words made the new API's. Upper-case names (AXIM_…) stay in the function package
    and the template block, which read and give the same variables; the operator package renames
    them too (its code samples' and collection's variables must not clash)."""
    text = text.replace(MODEL, NEW).replace(MODEL.capitalize(), NEW.capitalize())
    return text.replace(MODEL.upper(), NEW.upper()) if upper else text


def copy_tree(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def copy_renamed(source: Path, target: Path, *, upper: bool = False) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        destination = target / renamed(str(path.relative_to(source)))
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(renamed(path.read_text(), upper=upper))


def template_block(text: str) -> str:
    """template.yaml with the model's block copied: every top-level entry of Parameters,
    Conditions, Resources and Outputs whose logical id names the model, renamed."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    block: list[str] = []
    copying = False
    prefix = re.compile(rf"^  (AGr)?{MODEL.capitalize()}[A-Za-z0-9]*:")

    def flush() -> None:
        if copying:
            out.extend(renamed(line) for line in block)

    for line in lines:
        starts = line.startswith("  ") and not line.startswith("   ") and line.strip()
        top = not line.startswith(" ") and line.strip()
        if starts or top:
            flush()
            block = []
            copying = bool(prefix.match(line))
        block.append(line)
        out.append(line)
    flush()
    return "".join(out)


def add_api(root: Path) -> None:
    copy_renamed(root / "functions" / MODEL, root / "functions" / NEW)
    copy_renamed(root / "events" / MODEL, root / "events" / NEW)
    copy_renamed(root / "ops" / MODEL, root / "ops" / NEW, upper=True)
    template = root / "template.yaml"
    template.write_text(template_block(template.read_text()))
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text()
    for entry in (f"functions/{MODEL}", f"functions/{MODEL}/{MODEL}_api"):
        # After the model's entry, in the list's own layout (one line each, or one line).
        found = re.search(rf'(\s*)"{re.escape(entry)}",', text)
        assert found, f"pyproject.toml lists no {entry}"
        added = f'{found.group(1)}"{renamed(entry)}",'
        text = text[: found.end()] + added + text[found.end() :]
    pyproject.write_text(text)
    for page in (f"docs/apis/{MODEL}.md", f"tests/e2e/test_{MODEL}.py"):
        (root / renamed(page)).write_text(renamed((root / page).read_text()))
    authorizer_tests = root / f"tests/unit/test_{MODEL}_authorizer.py"
    (root / renamed(str(authorizer_tests.relative_to(root)))).write_text(
        renamed(authorizer_tests.read_text())
    )
    adapters = root / "tests" / "integration" / "adapters.py"
    adapters.write_text(
        adapters.read_text()
        + f"""

import dataclasses  # noqa: E402

{NEW.upper()} = dataclasses.replace(
    {MODEL.upper()},
    name="{NEW}",
    function_logical_id="{NEW.capitalize()}CreateCustomerFunction",
    handler=partial(_lambda_handler, "{NEW}_api.handler"),
    customer_prefix="CUSTOMER#{NEW}#store#",
    idempotency_prefix="IDEMPOTENCY#{NEW}#",
    sample_event=lambda: load("{NEW}", "create-customer-sample"),
    event_for=lambda email: with_email(load("{NEW}", "create-customer-sample"), email),
)
ADAPTERS.append({NEW.upper()})
"""
    )


def environment(root: Path) -> dict[str, str]:
    """The copy's code first: its root, its layer and every API's package folder."""
    paths = [root, root / "layers" / "core", *sorted((root / "functions").iterdir())]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(path) for path in paths),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own tools on our own copy
        list(command), cwd=root, env=environment(root), capture_output=True, text=True, check=False
    )


def python(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return run(root, sys.executable, *arguments)


def pytest_in(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return python(root, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *arguments)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fourth-api")
    copy_tree(root)
    add_api(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_the_copy_really_adds_a_fourth_api(tree: Path) -> None:
    assert NEW not in apis.names()  # the real tree is left alone
    listed = python(tree, "-c", "from ops import apis; print(' '.join(apis.names()))")
    assert listed.returncode == 0, listed.stderr
    assert sorted(listed.stdout.split()) == sorted([*apis.names(), NEW])


def test_lint_and_types_cover_it(tree: Path) -> None:
    lint = run(tree, str(BIN / "ruff"), "check", f"functions/{NEW}", f"ops/{NEW}")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    types = run(tree, str(BIN / "mypy"), f"functions/{NEW}/{NEW}_api", f"ops/{NEW}")
    assert types.returncode == 0, types.stdout + types.stderr


def test_openapi_generation_writes_its_document(tree: Path) -> None:
    generated = python(tree, "-m", "ops", "openapi")
    assert generated.returncode == 0, generated.stderr
    assert (tree / "openapi" / f"{NEW}.json").is_file(), "openapi/<api>.json"


PLAN = f"""
from ops.bench import subjects
from ops.local import provision
from tests.e2e import load

local = {{api.name: (api.sample_event, api.path) for api in provision.local_apis()}}
print("local-stack:", local["{NEW}"])
bench = [f.logical_id for f in subjects.functions() if f.api == "{NEW}"]
print("bench:", sorted(bench))
print("load statuses:", sorted(load.facts.of("{NEW}").statuses))
"""


def test_local_stack_bench_and_load_run_pick_it_up(tree: Path) -> None:
    shown = python(tree, "-c", PLAN)
    assert shown.returncode == 0, shown.stderr
    print(shown.stdout)
    assert f"local-stack: ('{NEW}/create-customer-sample', '/customers')" in shown.stdout
    capital = NEW.capitalize()
    expected = f"bench: ['{capital}AuthorizerFunction', '{capital}CreateCustomerFunction']"
    assert expected in shown.stdout


def test_registry_checks_and_test_tables_pass_with_it(tree: Path) -> None:
    python(tree, "-m", "ops", "openapi")
    registry = pytest_in(tree, "tests/unit/test_api_registry.py")
    assert registry.returncode == 0, registry.stdout[-4000:]
    print(registry.stdout.splitlines()[-1])
    tables = pytest_in(
        tree,
        "tests/unit/test_openapi_documents.py",
        "tests/unit/test_settings.py",
        "tests/unit/test_error_tables.py",
        "tests/unit/test_generated_authorizers.py",
        "-k",
        NEW,
    )
    assert tables.returncode == 0, tables.stdout[-4000:]
    assert re.search(r"\d+ passed", tables.stdout), tables.stdout[-2000:]
    print(tables.stdout.splitlines()[-1])


# One place left out at a time: (what is removed, the words the failure must name).
LEFT_OUT = [
    (f"ops/{NEW}/__init__.py", f"ops/{NEW}/__init__.py FACTS"),
    (f"events/{NEW}", f"events/{NEW}/"),
    ("pyproject.toml", "pyproject.toml [tool.hatch.build] dev-mode-dirs"),
    (f"docs/apis/{NEW}.md", "docs/apis/<api>.md"),
    (f"tests/e2e/test_{NEW}.py", "tests/e2e/test_<api>.py"),
    ("tests/integration/adapters.py", "tests/integration/adapters.py ADAPTERS"),
]


@pytest.mark.parametrize(("removed", "named"), LEFT_OUT, ids=[r for r, _ in LEFT_OUT])
def test_a_place_left_out_fails_naming_it(tree: Path, removed: str, named: str) -> None:
    path = tree / removed
    saved = tree.parent / f"saved-{path.name}"
    if path.is_dir():
        shutil.move(path, saved)
    else:
        shutil.copy2(path, saved)
        original = path.read_text()
        if removed == "pyproject.toml":
            path.write_text(re.sub(rf'\s*"functions/{NEW}",', "", original, count=1))
        elif removed.endswith("adapters.py"):
            path.write_text(original.replace(f"ADAPTERS.append({NEW.upper()})", ""))
        elif removed.endswith("__init__.py"):
            path.write_text(original.split("\nFACTS = ")[0])
        else:
            path.unlink()
    try:
        failed = pytest_in(tree, "tests/unit/test_api_registry.py")
    finally:
        if saved.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            shutil.move(saved, path)
        else:
            shutil.move(saved, path)
    assert failed.returncode != 0, f"nothing failed without {removed}"
    assert named in failed.stdout, failed.stdout[-3000:]
