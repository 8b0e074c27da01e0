"""Every AWS operation called through our clients is in customer_core.store.aws.OPERATIONS, the
list the clients' botocore data is cut to (customer_core/store/session.py), and every listed
operation is called: a new store call cannot miss from the data it needs.

Read from the source with `ast`: a call `<client>.<method>(...)` where <client> is a call of one of
our client accessors (`aws.client()`, `secrets.client()`, `aws.service_client("…")`, any function
that returns `service_client("<service>")`) or a name assigned from one, in the shipped code
(layers/, functions/) and the operator commands (ops/), which call through customer_core.store too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from botocore import xform_name
from customer_core.store import aws

from tests.support.cfn import ROOT

SCANNED = [ROOT / "layers", ROOT / "functions", ROOT / "consumers", ROOT / "ops"]
SERVICE_CLIENT = "customer_core.store.aws.service_client"
REGENERATE = "python -m ops botocore-data"


@dataclass(frozen=True)
class Call:
    service: str
    method: str
    where: str


@dataclass(frozen=True)
class Module:
    name: str
    where: str
    tree: ast.Module
    imports: dict[str, str]  # local name -> the qualified name it stands for

    def qualified(self, node: ast.expr) -> str | None:
        """What a called name (`f`, `module.f`) refers to, as a qualified name."""
        if isinstance(node, ast.Name):
            return self.imports.get(node.id, f"{self.name}.{node.id}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = self.imports.get(node.value.id)
            return f"{module}.{node.attr}" if module else None
        return None


def modules(roots: list[Path]) -> Iterator[Module]:
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if {".aws-sam", "build", "__pycache__"} & set(path.parts):
                continue
            yield module_of(path, path.read_text())


def module_of(path: Path, source: str) -> Module:
    """The module's import name: the path below the first folder that is not a package."""
    parts = [path.stem] if path.stem != "__init__" else []
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    tree = ast.parse(source, filename=str(path))
    return Module(".".join(parts), where, tree, _imports(tree))


def _imports(tree: ast.Module) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
    return names


@cache
def scanned() -> list[Module]:
    return list(modules(SCANNED))


def accessors(scanned: list[Module]) -> dict[str, str]:
    """Functions that return `service_client("<service>")` (e.g. aws.client): name -> service."""
    found = {}
    for module in scanned:
        for node in module.tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for returned in ast.walk(node):
                if isinstance(returned, ast.Return) and returned.value is not None:
                    for inner in ast.walk(returned.value):
                        service = _service_client_call(module, inner)
                        if service:
                            found[f"{module.name}.{node.name}"] = service
    return found


def _service_client_call(module: Module, node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and module.qualified(node.func) == SERVICE_CLIENT
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def client_calls(scanned: list[Module], known: dict[str, str]) -> list[Call]:
    calls = []
    for module in scanned:

        def service_of(
            node: ast.expr, names: dict[str, str], module: Module = module
        ) -> str | None:
            if isinstance(node, ast.Name) and node.id in names:
                return names[node.id]
            if isinstance(node, ast.Call):
                return _service_client_call(module, node) or known.get(
                    module.qualified(node.func) or ""
                )
            return None

        names: dict[str, str] = {}  # local names bound to a client, e.g. `c = aws.client()`
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                service = service_of(node.value, names)
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if service and isinstance(target, ast.Name):
                        names[target.id] = service
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                service = service_of(node.func.value, names)
                if service:
                    where = f"{module.where}:{node.lineno}"
                    calls.append(Call(service, node.func.attr, where))
    return calls


def listed_methods() -> dict[str, set[str]]:
    return {
        service: {xform_name(operation) for operation in operations}
        for service, operations in aws.OPERATIONS.items()
    }


def test_every_operation_our_code_calls_is_listed_and_every_listed_one_is_called():
    known = accessors(scanned())
    assert known["customer_core.store.aws.client"] == "dynamodb"
    assert known["customer_core.store.secrets.client"] == "secretsmanager"
    calls = client_calls(scanned(), known)
    listed = listed_methods()
    unlisted = [
        f"{call.where}: {call.service}.{call.method}"
        for call in calls
        if call.method not in listed.get(call.service, set())
    ]
    assert not unlisted, (
        "calls an AWS operation that customer_core.store.aws.OPERATIONS does not list (the "
        f"clients' botocore data holds only those): add it there, run `{REGENERATE}` and "
        "commit:\n" + "\n".join(unlisted)
    )
    called = {(call.service, call.method) for call in calls}
    unused = sorted(
        f"{service} {method}"
        for service, methods in listed.items()
        for method in methods
        if (service, method) not in called
    )
    assert not unused, (
        f"customer_core.store.aws.OPERATIONS lists operations no code calls: remove them and "
        f"run `{REGENERATE}`: {unused}"
    )


def test_the_scan_finds_the_calls_we_know_of():
    calls = client_calls(scanned(), accessors(scanned()))
    found = {(call.service, call.method, call.where.split(":")[0]) for call in calls}
    store = "layers/core/customer_core/store"
    assert {
        ("dynamodb", "get_item", f"{store}/aws.py"),
        ("dynamodb", "put_item", f"{store}/customers.py"),
        ("dynamodb", "transact_write_items", f"{store}/clients.py"),
        ("secretsmanager", "get_secret_value", f"{store}/secrets.py"),
        ("dynamodb", "update_item", "ops/credentials.py"),
        ("dynamodb", "delete_item", "ops/smoke.py"),
    } <= found


def test_the_scan_sees_every_way_of_reaching_a_client(tmp_path):
    source = """
from customer_core.store import aws
from customer_core.store import aws as dynamo
from customer_core.store.aws import service_client
from customer_core.store.secrets import client as secrets_client
import customer_core.store.aws as store

aws.client().scan(TableName="t")
dynamo.client().query(TableName="t")
store.service_client("dynamodb").batch_get_item()
service_client("sqs").send_message()
secrets_client().put_secret_value()
table = aws.client()
table.delete_table()
aws.client().meta.events.register("before-send", print)  # not an operation
"""
    probe = module_of(tmp_path / "probe.py", source)
    calls = client_calls([probe], accessors(scanned()))
    assert {(call.service, call.method) for call in calls} == {
        ("dynamodb", "scan"),
        ("dynamodb", "query"),
        ("dynamodb", "batch_get_item"),
        ("sqs", "send_message"),
        ("secretsmanager", "put_secret_value"),
        ("dynamodb", "delete_table"),
    }
