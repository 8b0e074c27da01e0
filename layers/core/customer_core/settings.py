"""Each function's configuration, read from its environment once, at cold start.

A function module declares a frozen dataclass of `setting("VARIABLE")` fields and builds it at
import: a missing variable stops the function at init with a message naming every missing one,
instead of failing some request later. `variables()` lists the names, so a test can hold each
function's settings equal to what template.yaml gives that function.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any, Self

_ENV = "env"


def setting(variable: str) -> Any:
    """A settings field read from the environment variable `variable`."""
    return dataclasses.field(metadata={_ENV: variable})


class MissingSettings(RuntimeError):
    """Raised at cold start: the function cannot run without these variables."""


@dataclasses.dataclass(frozen=True)
class FunctionSettings:
    """What every function reads: the observability configuration (template.yaml Globals)."""

    metrics_namespace: str = setting("POWERTOOLS_METRICS_NAMESPACE")
    log_level: str = setting("POWERTOOLS_LOG_LEVEL")
    trace_disabled: str = setting("POWERTOOLS_TRACE_DISABLED")

    @property
    def tracing(self) -> bool:
        """Powertools' X-Ray SDK tracer on (see customer_core.observability)."""
        return self.trace_disabled.strip().lower() not in {"1", "true"}

    @classmethod
    def variables(cls) -> dict[str, str]:
        """Field name → environment variable, for every field."""
        return {f.name: f.metadata[_ENV] for f in dataclasses.fields(cls) if _ENV in f.metadata}

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Self:
        source = os.environ if environ is None else environ
        names = cls.variables()
        missing = sorted(v for v in names.values() if not source.get(v))
        if missing:
            raise MissingSettings(
                f"{cls.__name__}: environment variable(s) not set: {', '.join(missing)}"
            )
        return cls(**{name: source[variable] for name, variable in names.items()})


@dataclasses.dataclass(frozen=True)
class CreateFunctionSettings(FunctionSettings):
    """A create-customer function: it writes the customer table."""

    customer_table: str = setting("CUSTOMER_TABLE_NAME")


@dataclasses.dataclass(frozen=True)
class AuthorizerSettings(FunctionSettings):
    """An authorizer: it reads the credential table."""

    auth_table: str = setting("AUTH_TABLE_NAME")


@dataclasses.dataclass(frozen=True)
class EventPublisherSettings(FunctionSettings):
    """The stream consumer that announces new customers: it puts events on the stack's bus."""

    event_bus: str = setting("EVENT_BUS_NAME")
