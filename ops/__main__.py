"""`python -m ops <command>`: operator commands. Set AWS_ENDPOINT_URL for a local stack.

One idiom for every command: a module's `register(commands)` adds its parser(s) and sets
`run=<function(args) -> exit code>`. API-specific commands are nested under the API's name
(`python -m ops <api> …`): `FACTS.register` of each API of ops.apis (ops/facts.py).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ops import apis, events, redeploy, smoke
from ops.local import commands as local_commands
from ops.local import invoke, watch
from ops.openapi import commands as reference_commands


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    root.add_argument("--stack", default=os.environ.get("STACK_NAME", "customer-api"))
    root.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:4566 for MiniStack")
    commands = root.add_subparsers(dest="command", required=True)
    local_commands.register(commands)
    invoke.register(commands)
    watch.register(commands)
    redeploy.register(commands)
    reference_commands.register(commands)
    smoke.register(commands)
    events.register(commands)
    for name in apis.names():
        importlib.import_module(f"ops.{name}").register(commands)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
    exit_code: int = args.run(args)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
