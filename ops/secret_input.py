"""Secrets (tokens, keys) that a command reads are never command-line arguments: they would show
in process lists and shell history. Each is read from a file (`--<name>-file PATH`, `-` for
standard input), else from its environment variable, else prompted for without echo."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ops.failures import CONFIGURATION, OperatorError


def add(parser: argparse.ArgumentParser, name: str, *, what: str, environment: str) -> None:
    """`--<name>-file PATH` on `parser`; read the value with `read(args, name, ...)`."""
    parser.add_argument(
        f"--{name}-file",
        metavar="PATH",
        help=f"read the {what} from this file ('-': standard input); default: ${environment}, "
        "else a prompt (no echo)",
    )


def read(
    args: argparse.Namespace, name: str, *, what: str, environment: str, required: bool = True
) -> str | None:
    source = getattr(args, f"{name.replace('-', '_')}_file")
    if source == "-":
        value = sys.stdin.readline().strip()
    elif source:
        try:
            value = Path(source).read_text().strip()
        except OSError as error:
            raise OperatorError(
                f"cannot read the {what} from {source}: {error.strerror}", CONFIGURATION
            ) from error
    elif os.environ.get(environment):
        value = os.environ[environment].strip()
    elif required and sys.stdin.isatty():
        value = getpass.getpass(f"{what}: ").strip()
    else:
        value = ""
    if not value and required:
        raise OperatorError(
            f"{what} not given: give --{name}-file PATH (or - for standard input), or set "
            f"${environment}",
            CONFIGURATION,
        )
    return value or None
