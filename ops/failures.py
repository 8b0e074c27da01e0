"""One line on stderr for every AWS or stack failure of an operator command: what is wrong and
what to do, with a non-zero exit code (the traceback only under --debug).

| exit | meaning |
|---|---|
| 1 | AWS refused the call (or a smoke test failed) |
| 2 | bad usage (argparse's own code) |
| 3 | no usable region, profile or credentials |
| 4 | the stack (or one of its outputs) does not exist |
| 5 | the endpoint cannot be reached |
| 6 | a command this one runs (sam, make, npm) failed |
"""

from __future__ import annotations

import os
import subprocess  # nosec B404 - only to recognise CalledProcessError; runs nothing
from dataclasses import dataclass

from botocore import exceptions as aws

AWS_REFUSED, CONFIGURATION, MISSING_STACK, UNREACHABLE, SUBPROCESS = 1, 3, 4, 5, 6

# Error codes AWS answers when the credentials themselves are the problem.
_CREDENTIAL_CODES = {
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "AuthFailure",
}


class OperatorError(Exception):
    """A failure the operator can act on: `message` says what is wrong and what to do."""

    def __init__(self, message: str, exit_code: int = AWS_REFUSED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int


def _region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "(none)"


def describe(error: BaseException, *, stack: str) -> Failure | None:
    """The one-line message and exit code for a failure, or None for a bug (shown in full)."""
    if isinstance(error, OperatorError):
        return Failure(str(error), error.exit_code)
    if isinstance(error, aws.NoRegionError):
        return Failure(
            "no AWS region: give --region (or set AWS_REGION, or a region in your profile)",
            CONFIGURATION,
        )
    if isinstance(error, aws.ProfileNotFound):
        return Failure(
            f"{error}: give an existing --profile (aws configure list-profiles) or none",
            CONFIGURATION,
        )
    if isinstance(error, aws.NoCredentialsError | aws.PartialCredentialsError):
        return Failure(
            "no AWS credentials: give --profile, run `aws sso login` / `aws configure`, or set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            CONFIGURATION,
        )
    if isinstance(error, aws.TokenRetrievalError | aws.SSOError):
        return Failure(
            f"the profile's SSO session is not usable ({error}): run `aws sso login`",
            CONFIGURATION,
        )
    if isinstance(error, aws.EndpointConnectionError | aws.ConnectTimeoutError):
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        hint = (
            f"is the local stack up at {endpoint}? (make local-up)"
            if endpoint
            else f"check the network and --region ({_region()})"
        )
        return Failure(f"cannot reach AWS: {error}: {hint}", UNREACHABLE)
    if isinstance(error, aws.ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        text = error.response.get("Error", {}).get("Message", str(error))
        operation = error.operation_name
        if operation == "DescribeStacks" and "does not exist" in text:
            return Failure(
                f"stack {stack!r} does not exist in region {_region()}: give --stack "
                "(or STACK_NAME) and --region of a deployed stack, or deploy it (make deploy)",
                MISSING_STACK,
            )
        if code in _CREDENTIAL_CODES:
            return Failure(
                f"AWS refused the credentials ({code}: {text}): refresh them (aws sso login) "
                "or give another --profile",
                CONFIGURATION,
            )
        if code in {"AccessDenied", "AccessDeniedException"}:
            return Failure(
                f"access denied to {operation} ({text}): use a role allowed to operate stack "
                f"{stack!r} (docs/deploy.md)",
                AWS_REFUSED,
            )
        if code == "ResourceNotFoundException":
            return Failure(
                f"{operation}: {text}: the stack's resources are missing or from another "
                f"stack; check --stack ({stack}) and --region",
                MISSING_STACK,
            )
        return Failure(f"{operation} failed ({code}: {text})", AWS_REFUSED)
    if isinstance(error, aws.BotoCoreError):
        return Failure(f"AWS SDK error: {error}", AWS_REFUSED)
    if isinstance(error, subprocess.CalledProcessError):
        command = " ".join(str(word) for word in error.cmd[:3])
        return Failure(
            f"`{command} …` exited {error.returncode}: its output above says why", SUBPROCESS
        )
    return None
