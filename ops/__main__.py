"""`python -m ops <command>`: operator commands. Set AWS_ENDPOINT_URL for a local stack."""

from __future__ import annotations

import argparse
import json
import os
import sys

from ops import count_clients, local_stack, redeploy, tokens, xclade_jwt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    parser.add_argument("--stack", default=os.environ.get("STACK_NAME", "customer-api"))
    parser.add_argument("--endpoint-url", help="e.g. http://127.0.0.1:4566 for MiniStack")
    commands = parser.add_subparsers(dest="command", required=True)

    issue = commands.add_parser("issue-token", help="issue an access token (printed once)")
    issue.add_argument("--api", choices=sorted(tokens.USAGE_PLAN_OUTPUT), default="axim")
    issue.add_argument("--name", required=True, help="principal's display name (createdBy.name)")
    issue.add_argument("--principal-id", help="principal id (createdBy.id); random if omitted")
    issue.add_argument("--principal-type", default="api_client", help="createdBy.type")

    revoke = commands.add_parser("revoke-token", help="revoke an access token")
    revoke.add_argument("--api", choices=sorted(tokens.USAGE_PLAN_OUTPUT), default="axim")
    revoke.add_argument("--token", required=True)

    commands.add_parser("redeploy", help="new deployment of each API stage (after sam deploy)")
    xclade_jwt.register(commands)
    count_clients.add_commands(commands)
    for name, help_text in local_stack.COMMANDS.items():
        commands.add_parser(name, help=help_text)

    args = parser.parse_args(argv)
    if args.command in local_stack.COMMANDS:
        local_stack.run(args.command, args.stack)
        return 0
    if args.endpoint_url:
        os.environ["AWS_ENDPOINT_URL"] = args.endpoint_url
    if args.command == xclade_jwt.COMMAND:
        return xclade_jwt.run(args)
    if args.command in count_clients.COMMANDS:
        return count_clients.run(args)
    if args.command == "issue-token":
        issued = tokens.issue_token(
            stack=args.stack,
            api=args.api,
            name=args.name,
            principal_id=args.principal_id,
            principal_type=args.principal_type,
        )
        json.dump(
            {
                "accessToken": issued.token,
                "principalId": issued.principal_id,
                "apiKeyId": issued.api_key_id,
                # Only needed where the gateway ignores ApiKeySourceType AUTHORIZER (MiniStack).
                "apiKeyValue": issued.api_key_value,
            },
            sys.stdout,
            indent=2,
        )
        print("\nThe token is shown only this once; only its hash is stored.", file=sys.stderr)
    elif args.command == "redeploy":
        for api_id in redeploy.redeploy(args.stack):
            print(f"redeployed {api_id}/{redeploy.STAGE}", file=sys.stderr)
    elif args.command == "revoke-token":
        tokens.revoke_token(stack=args.stack, api=args.api, token=args.token)
        print("revoked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
