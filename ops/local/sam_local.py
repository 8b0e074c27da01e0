"""`sam local invoke` (Docker) against the local stack: the --env-vars files local-up writes.

Each function gets every variable template.yaml gives it, with the value the local stack's
deployment gave it (physical table names, the secret's ARN, the shared usage key: read back
from the deployed function), and the endpoint of its AWS clients pointed at the local stack as
a container reaches it:

    .local/env.json               http://host.docker.internal:PORT (Docker Desktop)
    .local/env.host-network.json  http://127.0.0.1:PORT, with `sam local invoke --docker-network
                                  host` (Docker Engine on Linux; MiniStack listens on 127.0.0.1)

SAM applies a variable of the file only if template.yaml declares it for the function; the
endpoint variables (botocore's per-service AWS_ENDPOINT_URL_<SERVICE>, empty meaning unset)
take effect once template.yaml declares them (docs/developer-loop.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ops import apis
from ops.local.process import LOCAL, PORT
from ops.template import function_environment

ENV_FILES = {
    LOCAL / "env.json": f"http://host.docker.internal:{PORT}",
    LOCAL / "env.host-network.json": f"http://127.0.0.1:{PORT}",
}
# The AWS services the functions call (customer_core.store.aws clients), by the environment
# variable botocore reads for each one's endpoint.
ENDPOINT_VARIABLES = (
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_ENDPOINT_URL_EVENTBRIDGE",
)


def env_vars(deployed: dict[str, dict[str, str]], endpoint: str) -> dict[str, dict[str, str]]:
    """The --env-vars content: for every function of the template, every variable the template
    gives it with its deployed value, and the endpoint variables."""
    content = {}
    for function in apis.functions():
        variables = deployed.get(function.logical_id, {})
        # The endpoint variables are declared empty in the template; here they name the stack.
        given = function_environment(function.logical_id) - set(ENDPOINT_VARIABLES)
        missing = sorted(given - set(variables))
        if missing:
            raise LookupError(f"{function.logical_id} is deployed without {', '.join(missing)}")
        content[function.logical_id] = {
            **{name: variables[name] for name in sorted(given)},
            **dict.fromkeys(ENDPOINT_VARIABLES, endpoint),
        }
    return content


def deployed_environments(stack: str) -> dict[str, dict[str, str]]:
    """Each function's environment variables as the local stack's deployment set them."""
    import boto3

    cloudformation: Any = boto3.client("cloudformation")
    lambda_client: Any = boto3.client("lambda")
    found = {}
    for function in apis.functions():
        name = cloudformation.describe_stack_resource(
            StackName=stack, LogicalResourceId=function.logical_id
        )["StackResourceDetail"]["PhysicalResourceId"]
        configuration = lambda_client.get_function_configuration(FunctionName=name)
        found[function.logical_id] = dict(configuration.get("Environment", {}).get("Variables", {}))
    return found


def write_env_files(stack: str) -> list[Path]:
    deployed = deployed_environments(stack)
    for path, endpoint in ENV_FILES.items():
        path.write_text(json.dumps(env_vars(deployed, endpoint), indent=2) + "\n")
    return list(ENV_FILES)
