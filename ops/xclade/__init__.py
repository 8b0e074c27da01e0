"""xclade's operator commands: `python -m ops xclade token`."""

from __future__ import annotations

from typing import Any

from ops.xclade import tokens


def register(commands: Any) -> None:
    parser = commands.add_parser("xclade", help="xclade admin JWTs")
    nested = parser.add_subparsers(dest="xclade_command", required=True)
    tokens.add_token_command(nested)
