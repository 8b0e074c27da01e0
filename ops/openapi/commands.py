"""`python -m ops openapi | docs | docs-serve`: the published contracts and their reference site."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

DEFAULT_DOCS_PORT = 8765


def register(commands: Any) -> None:
    commands.add_parser(
        "openapi", help="regenerate openapi/ (documents, event schemas)"
    ).set_defaults(run=_openapi)
    commands.add_parser("docs", help="build the API reference site into .local/docs/").set_defaults(
        run=_docs
    )
    checked = commands.add_parser(
        "openapi-check",
        help="fail on a breaking change of openapi/<api>.json since its last released copy",
    )
    checked.set_defaults(run=_check)
    released = commands.add_parser(
        "openapi-release", help="keep openapi/<api>.json as openapi/released/<api>-<version>.json"
    )
    released.set_defaults(run=_release)
    commands.add_parser(
        "collection-env",
        help="the request collection's local environment, filled from .local/stack.json",
    ).set_defaults(run=_collection_environment)
    serve = commands.add_parser("docs-serve", help="build and serve the reference on 127.0.0.1")
    serve.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("DOCS_PORT", DEFAULT_DOCS_PORT)),
        help="port on 127.0.0.1 to serve the site on ($DOCS_PORT)",
    )
    serve.set_defaults(run=_serve)


# Imported when run: the generator imports every API's package.
def _openapi(args: argparse.Namespace) -> int:
    from ops.openapi import collection, events, generate

    for path in [*generate.write_all(), *events.write_all()]:
        print(f"wrote {path}", file=sys.stderr)
    # The collection is made from the documents just written.
    for path in collection.write_all():
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _collection_environment(args: argparse.Namespace) -> int:
    from ops.local import process
    from ops.openapi import collection

    if not process.STACK_FILE.exists():
        print(f"{process.STACK_FILE} is missing: run `make local-up` first", file=sys.stderr)
        return 1
    target = process.LOCAL / "local.postman_environment.json"
    collection.write_local_environment(process.STACK_FILE, target)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _check(args: argparse.Namespace) -> int:
    from ops.openapi import contract, generate

    failed = False
    try:
        for api in generate.api_names():
            verdict = contract.check(api)
            print(verdict.report(), file=sys.stderr)
            failed = failed or not verdict.ok
    except contract.ContractError as error:
        print(error, file=sys.stderr)
        return 2
    return 1 if failed else 0


def _release(args: argparse.Namespace) -> int:
    from ops.openapi import contract, generate

    for api in generate.api_names():
        path = contract.release(api)
        print(f"kept {path.relative_to(contract.DOCUMENTS.parent)}", file=sys.stderr)
    return 0


def _docs(args: argparse.Namespace) -> int:
    from ops.openapi import site

    for page in site.build():
        print(f"wrote {page.relative_to(site.SITE.parents[1])}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from ops.openapi import site

    site.serve(args.port)
    return 0
