"""Test-wide settings: no real AWS is ever reached, and Powertools stays local."""

from __future__ import annotations

import os

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
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "CustomerApiTests",
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "POWERTOOLS_SERVICE_NAME": "tests",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)
