"""Test-wide settings: no real AWS is ever reached, and Powertools stays local."""

from __future__ import annotations

import os
from typing import Any

# Set before any function module is imported: they read configuration at import or first use.
os.environ.update(
    {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "CUSTOMER_TABLE_NAME": "customers-test",
        "AUTH_TABLE_NAME": "auth-test",
        "AXIM_DEFAULT_ROLE_ID": "64b7f0c2a1d3e4f5a6b7c8d9",
        "XCLADE_JWT_SECRET_ID": "xclade-jwt-test",
        "XCLADE_SHARED_USAGE_KEY": "xclade-shared-00000000-0000-4000-8000-000000000000",
        "COUNT_REFUSED_USAGE_KEY": "count-refused-00000000-0000-4000-8000-000000000000",
        "COUNT_SECRET_MAX_AGE_SECONDS": "60",
        "XCLADE_JWT_KEY_GRACE_SECONDS": "86400",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "CustomerApiTests",
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "POWERTOOLS_SERVICE_NAME": "tests",
        "EVENT_BUS_NAME": "customers-test-bus",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)

# Generated tests (hypothesis): a fixed seed and a bounded number of examples in CI ("ci", the
# default); HYPOTHESIS_PROFILE=fuzz (`make fuzz`) runs long with new random examples each time.
from hypothesis import HealthCheck, settings

_GENERATED = settings(
    deadline=None,  # a first call imports boto3 and pydantic models: time is not the property
    database=None,  # no example store between runs: CI runs the same examples every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile("ci", _GENERATED, max_examples=40, derandomize=True)
settings.register_profile(
    "fuzz",
    _GENERATED,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")),
    derandomize=False,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Per target: generated examples, server errors, schema violations (when any ran)."""
    from tests.support.generated import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("generated requests per API")
        for line in lines:
            terminalreporter.write_line(line)
