"""`python -m ops botocore-data`: write the botocore data the AWS clients are made from
(layers/core/customer_core/store/botocore_data/), cut from the installed botocore to what we call.

What is written, and why it is safe, is said in customer_core/store/session.py. In short: the
files botocore reads to make a client, as botocore has them, except

- endpoints.json: each partition's `services` holds only the services we ship;
- each service's service-2.json: only the operations of customer_core.store.aws.OPERATIONS (and
  the service's endpoint-discovery operation, so discovery behaves as with the full model), every
  error shape of the service (any error code AWS answers parses to the same exception), the
  shapes all of those reach, and no documentation.

Run it after a botocore pin bump (tests/unit/test_botocore_data.py fails until then) or after a
change to OPERATIONS, and commit the result. It reads only botocore's own data folder (never
~/.aws/models or AWS_DATA_PATH).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import botocore
from botocore.loaders import Loader
from customer_core.store import aws

DATA = Path(aws.BOTOCORE_DATA)
COMMAND = "python -m ops botocore-data"
# Read by every client (retries in legacy mode, partitions, defaults mode): copied as they are.
VERBATIM = ("_retry.json", "partitions.json", "sdk-default-configuration.json")
# The per-service files a client is made from; each also with its extras (e.g. sdk-extras).
MODEL = "service-2"
RULE_SET = "endpoint-rule-set-1"
# Not read by anything that runs, and most of a model's size.
DOCUMENTATION_KEYS = frozenset({"documentation", "documentationUrl"})
SOURCE_FILE = "SOURCE.json"


def source_loader() -> Loader:
    """botocore's own data folder only."""
    return Loader(extra_search_paths=[Loader.BUILTIN_DATA_PATH], include_default_search_paths=False)


def render(operations: Mapping[str, tuple[str, ...]] = aws.OPERATIONS) -> dict[str, bytes]:
    """Every file of the data folder (path relative to it, POSIX separators) and its content."""
    builtin = Path(Loader.BUILTIN_DATA_PATH)
    loader = source_loader()
    files = {name: (builtin / name).read_bytes() for name in VERBATIM}
    prefixes: set[str] = set()
    source: dict[str, Any] = {}
    for service in sorted(operations):
        version = loader.determine_latest_version(service, MODEL)
        folder = f"{service}/{version}"
        model = trim_model(loader.load_data(f"{folder}/{MODEL}"), operations[service])
        origin = builtin / service / version
        for extra in _extras(origin, MODEL):
            _check_extras_fit(json.loads(_read(origin / extra)), model, f"{folder}/{extra}")
            files[f"{folder}/{extra}"] = (origin / extra).read_bytes()
        files[f"{folder}/{MODEL}.json"] = _json(model)
        rule_set = _existing(origin, RULE_SET)
        if not rule_set:
            raise LookupError(f"botocore has no {RULE_SET} for {service} {version}")
        for name in rule_set + _extras(origin, RULE_SET):
            files[f"{folder}/{name}"] = (origin / name).read_bytes()
        prefixes |= {service, model["metadata"].get("endpointPrefix", service)}
        source[service] = {"apiVersion": version, "operations": list(model["operations"])}
    files["endpoints.json"] = _json(trim_endpoints(loader.load_data("endpoints"), prefixes))
    files[SOURCE_FILE] = _json(
        {"generatedBy": COMMAND, "botocore": botocore.__version__, "services": source}
    )
    return files


def trim_model(model: Mapping[str, Any], operations: tuple[str, ...]) -> dict[str, Any]:
    """The model with only `operations` (plus the endpoint-discovery operation, if any), every
    error shape, the shapes those reach, and no documentation. Order is botocore's."""
    unknown = sorted(set(operations) - set(model["operations"]))
    if unknown:
        raise LookupError(f"{model['metadata']['serviceId']} has no operation {unknown}")
    kept = {
        name: operation
        for name, operation in model["operations"].items()
        if name in operations or operation.get("endpointoperation")
    }
    shapes = model["shapes"]
    pending = list(_shape_references(kept))
    pending += [name for name, shape in shapes.items() if shape.get("exception")]
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            pending += _shape_references(shapes[name])
    trimmed = {key: value for key, value in model.items() if key not in DOCUMENTATION_KEYS}
    trimmed["operations"] = kept
    trimmed["shapes"] = {name: shape for name, shape in shapes.items() if name in reached}
    undocumented: dict[str, Any] = _undocumented(trimmed)
    return undocumented


def trim_endpoints(endpoints: Mapping[str, Any], services: set[str]) -> dict[str, Any]:
    """endpoints.json with each partition's services cut to `services` (the partitions' own
    regions, defaults and patterns kept)."""
    return {
        **endpoints,
        "partitions": [
            {
                **partition,
                "services": {
                    name: service
                    for name, service in partition["services"].items()
                    if name in services
                },
            }
            for partition in endpoints["partitions"]
        ],
    }


def write(data: Path = DATA) -> list[str]:
    """Replace the data folder with what render() gives; the paths written."""
    files = render()
    if data.exists():
        shutil.rmtree(data)
    for name, content in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sorted(files)


def committed(data: Path = DATA) -> dict[str, bytes]:
    """The files of the data folder as they are on disk (what render() is compared with)."""
    return {
        path.relative_to(data).as_posix(): path.read_bytes()
        for path in sorted(data.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def shipped_operations(data: Path = DATA) -> dict[str, list[str]]:
    """The operations of each service in the committed data (its SOURCE.json)."""
    source = json.loads((data / SOURCE_FILE).read_text())
    return {service: list(entry["operations"]) for service, entry in source["services"].items()}


def _shape_references(value: Any) -> Iterator[str]:
    """The shape names a model fragment refers to ({"shape": name} at any depth)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == "shape" and isinstance(item, str):
                yield item
            else:
                yield from _shape_references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _shape_references(item)


def _undocumented(value: Any) -> Any:
    """`value` without documentation strings (a member *named* documentation is a dict: kept)."""
    if isinstance(value, Mapping):
        return {
            key: _undocumented(item)
            for key, item in value.items()
            if not (key in DOCUMENTATION_KEYS and isinstance(item, str))
        }
    if isinstance(value, list):
        return [_undocumented(item) for item in value]
    return value


def _existing(folder: Path, stem: str) -> list[str]:
    """The file botocore would load for `stem` (`.json` or `.json.gz`), by name, if any."""
    return [f"{stem}{ext}" for ext in (".json", ".json.gz") if (folder / f"{stem}{ext}").is_file()]


def _extras(folder: Path, type_name: str) -> list[str]:
    """The extras files botocore merges into `type_name` (e.g. service-2.sdk-extras.json)."""
    return [
        name
        for extras in Loader.BUILTIN_EXTRAS_TYPES
        for name in _existing(folder, f"{type_name}.{extras}-extras")
    ]


def _read(path: Path) -> str:
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode()
    return path.read_text()


def _check_extras_fit(extras: Mapping[str, Any], model: Mapping[str, Any], name: str) -> None:
    """An extras file merged into a cut model must not name an operation or shape that was cut
    (botocore would merge a fragment of it in)."""
    merge = extras.get("merge", {})
    for section in ("operations", "shapes"):
        missing = sorted(set(merge.get(section, {})) - set(model[section]))
        if missing:
            raise LookupError(f"{name} merges into {section} that were cut: {missing}")


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=1, ensure_ascii=False) + "\n").encode()


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "botocore-data",
        help="write the AWS clients' botocore data (cut to our operations) from installed botocore",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    written = write()
    where = os.path.relpath(DATA)
    print(f"botocore {botocore.__version__}: {len(written)} files in {where}", file=sys.stderr)
    for name in written:
        print(f"  {name}", file=sys.stderr)
    return 0
