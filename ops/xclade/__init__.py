"""xclade's operator commands: `python -m ops xclade token|rotate-key`."""

from __future__ import annotations

from typing import Any

from ops.xclade import keys, tokens


def register(commands: Any) -> None:
    parser = commands.add_parser("xclade", help="xclade admin JWTs and their signing key")
    nested = parser.add_subparsers(dest="xclade_command", required=True)
    tokens.add_token_command(nested)
    keys.add_rotate_command(nested)
