"""The botocore session our AWS clients are made from: botocore's own data, cut to what we call.

Making a client from botocore's full data costs ~40 ms of CPU per cold start for data no call of
ours reads: botocore lists and stats every service folder it has (~400, twice), parses the
1.25 MB endpoints.json and the whole DynamoDB model, documentation included. botocore_data/
(next to this module; written by `python -m ops botocore-data` from the pinned botocore, never
edited by hand) holds only what a client of ours reads:

- _retry.json, partitions.json and sdk-default-configuration.json, as botocore has them;
- endpoints.json, as botocore has it but with each partition's services cut to ours;
- per service, its model (service-2.json) with only the operations of `aws.OPERATIONS`, the
  service's endpoint-discovery operation, every error shape and the shapes all those reach, and
  no documentation; its endpoint rule set and its sdk-extras as botocore has them.

Every byte that remains is botocore's, and nothing a call of ours reads is cut: a client from this
data sends the same requests and parses the same responses and errors as one from botocore's
(tests/unit/test_botocore_data.py compares both, for each operation we call, and fails when the
committed data is not what the installed botocore gives).

Fallback: Lambda's runtime provides botocore, and its version need not be the one the data came
from (the dev pin). If making a client from our data raises (UnknownServiceError,
DataNotFoundError, or any error a model this botocore cannot read might cause), the client is made
from botocore's own data instead, by a plain botocore session, and a warning is logged; if that
raises too, its error is the one raised. A service we do not ship always comes from botocore's own
data: botocore's credential providers make their sts, sso or sso-oidc clients through the session
(an operator's assume-role or SSO profile), and they get what they would without us.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from typing import Any

import botocore
from botocore.exceptions import DataNotFoundError, UnknownServiceError
from botocore.loaders import Loader
from botocore.session import Session, get_session

logger = logging.getLogger(__name__)


class TrimmedLoader(Loader):
    """botocore's loader over our data folder alone (no folder listing of botocore's ~400)."""

    def __init__(self, root: str) -> None:
        super().__init__(extra_search_paths=[root], include_default_search_paths=False)
        self.root = os.path.abspath(root)

    def load_service_model(
        self, service_name: str, type_name: str, api_version: str | None = None
    ) -> Any:
        """As botocore's, but a file our data lacks is an error botocore does not catch: botocore
        makes a client without its endpoint rule set (legacy endpoint resolution) when loading
        the rule set raises UnknownServiceError, e.g. a later botocore asking for a file name we
        do not ship. Raised here, it makes the session fall back to botocore's own data."""
        try:
            return super().load_service_model(service_name, type_name, api_version)
        except UnknownServiceError as error:
            raise DataNotFoundError(data_path=f"{service_name}/{type_name}") from error

    def is_builtin_path(self, path: str) -> bool:
        """Our files are botocore's own. For an endpoints.json from elsewhere botocore hands the
        endpoint it resolves the legacy way to the endpoint rule set as if the caller had set it,
        which changes what the rule set resolves (FIPS, dual-stack, account-based endpoints)."""
        return os.path.abspath(path).startswith(self.root + os.sep) or super().is_builtin_path(path)


class TrimmedSession(Session):
    """A botocore session whose clients of `services` come from `data_path` (botocore_data/);
    any other client, and any client our data cannot make, from botocore's own data."""

    def __init__(self, data_path: str, services: Collection[str]) -> None:
        super().__init__()
        self.register_component("data_loader", TrimmedLoader(data_path))
        self.services = frozenset(services)
        self._full: Session | None = None

    def full_session(self) -> Session:
        """A plain botocore session (botocore's data), made on first need."""
        if self._full is None:
            self._full = get_session()
        return self._full

    def create_client(self, service_name: str, *args: Any, **kwargs: Any) -> Any:
        if service_name not in self.services:
            return self.full_session().create_client(service_name, *args, **kwargs)
        try:
            return super().create_client(service_name, *args, **kwargs)
        except Exception as error:
            # Raises botocore's own error when the failure is not our data's (e.g. no region).
            client = self.full_session().create_client(service_name, *args, **kwargs)
            logger.warning(
                "AWS client for %s made from botocore's own data: our botocore data failed "
                "with this botocore (%s): %r",
                service_name,
                botocore.__version__,
                error,
            )
            return client
