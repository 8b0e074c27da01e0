"""`python -m ops openapi | docs | docs-serve`: the published contracts and their reference site."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

DEFAULT_DOCS_PORT = 8765


def register(commands: Any) -> None:
    commands.add_parser("openapi", help="regenerate openapi/<api>.json from the code").set_defaults(
        run=_openapi
    )
    commands.add_parser("docs", help="build the API reference site into .local/docs/").set_defaults(
        run=_docs
    )
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
    from ops.openapi import generate

    for path in generate.write_all():
        print(f"wrote {path}", file=sys.stderr)
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
