"""`python -m ops <command>`: operator commands. Set AWS_ENDPOINT_URL for a local stack.

One idiom for every command: a module's `register(commands)` adds its parser(s) and sets
`run=<function(args) -> exit code>`. API-specific commands are nested under the API's name
(`python -m ops <api> …`): `FACTS.register` of each API of ops.apis (ops/facts.py).

Every AWS or stack failure ends the command with one line on stderr (what is wrong, what to do)
and a non-zero exit code (ops.failures); --debug shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ops import __version__, apis, events, failures, redeploy, smoke
from ops.local import commands as local_commands
from ops.local import invoke, watch
from ops.openapi import commands as reference_commands


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m ops",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    root.add_argument(
        "--stack",
        default=os.environ.get("STACK_NAME", "customer-api"),
        help="CloudFormation stack to operate (default: $STACK_NAME, else customer-api; now: "
        "%(default)s)",
    )
    root.add_argument(
        "--region", help="AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION or the profile's)"
    )
    root.add_argument("--profile", help="AWS named profile (default: $AWS_PROFILE, else none)")
    root.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:4566 for MiniStack")
    root.add_argument(
        "--debug", action="store_true", help="show the traceback of a failure, not one line"
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    local_commands.register(commands)
    invoke.register(commands)
    watch.register(commands)
    redeploy.register(commands)
    reference_commands.register(commands)
    smoke.register(commands)
    events.register(commands)
    for name in apis.names():
        importlib.import_module(f"ops.{name}").register(commands)
    _describe_subcommands(root)
    return root


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every command below `parser` by its full name (`<api> sign`), leaves and groups."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:  # argparse has no public walk of its subparsers
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[name] = child
                found |= {f"{name} {sub}": p for sub, p in subcommands(child).items()}
    return found


class _DefaultsHelpFormatter(argparse.HelpFormatter):
    """Appends `(default: X)` to an option's help when it has a default worth saying (not None,
    False or empty) that its help does not already state."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            default not in (None, False, "", argparse.SUPPRESS)
            and "default" not in text
            and action.option_strings
        ):
            text += " (default: %(default)s)"
        return text


def _describe_subcommands(parser: argparse.ArgumentParser) -> None:
    """Each command's --help opens with its one-line help (what the parent lists) and shows the
    default of every option that has one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                text = helps.get(name, "")
                if not child.description and text:
                    child.description = f"{text[0].upper()}{text[1:]}."
                if child.formatter_class is argparse.HelpFormatter:
                    child.formatter_class = _DefaultsHelpFormatter
                _describe_subcommands(child)


def _configure_aws(args: argparse.Namespace) -> None:
    """--region, --profile and --endpoint-url for every client made after this (ours and
    customer_core's alike: they all read the environment)."""
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
    if args.region:
        os.environ["AWS_REGION"] = os.environ["AWS_DEFAULT_REGION"] = args.region
    if args.profile:
        os.environ["AWS_PROFILE"] = args.profile


def _command_name(args: argparse.Namespace) -> str:
    """`<api> sign` for args of that leaf (the nested subparsers' dests end in _command)."""
    nested = [str(value) for key, value in vars(args).items() if key.endswith("_command") and value]
    return " ".join([args.command, *nested])


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _configure_aws(args)
    try:
        exit_code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        failure = failures.describe(error, stack=args.stack)
        if failure is None or args.debug:
            raise
        print(f"python -m ops {_command_name(args)}: {failure.message}", file=sys.stderr)
        return failure.exit_code
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
