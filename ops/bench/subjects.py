"""What `make bench` measures: each function as `sam build` builds it, and the baselines of its
kind (bench/bare, bench/peer), each with the request it serves and the configuration it runs with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ops import apis
from ops.template import ROOT, default_environment
from tests.support import count_requests, xclade

BUILD = ROOT / ".aws-sam" / "build"
LAYER = BUILD / "CoreLayer" / "python"
BASELINES = ROOT / "bench"

CREATE = "create"
AUTHORIZER = "authorizer"


@dataclass(frozen=True)
class Subject:
    """One handler with the request it serves."""

    name: str
    kind: str
    module: str
    code: Path  # the folder that Lambda would unpack to /var/task
    event: dict[str, Any]
    expected: str  # the status (or authorizer effect) of a served request
    environment: dict[str, str] = field(default_factory=dict)
    sign: dict[str, str] | None = None

    @property
    def vary_email(self) -> bool:
        return self.kind == CREATE


@dataclass(frozen=True)
class Function:
    """A template function and the baselines it is measured beside."""

    logical_id: str
    api: str
    ours: Subject
    bare: Subject
    peer: Subject

    @property
    def kind(self) -> str:
        return self.ours.kind


def sample_event(api: str, pattern: str) -> dict[str, Any]:
    (path,) = sorted(apis.api(api).events_dir.glob(pattern))
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


_SAMPLES = {CREATE: "create-customer-sample.json", AUTHORIZER: "authorizer-valid*.json"}
_CREATED = {"axim": "201", "xclade": "200", "count": "201"}
_SIGNED = {
    "count": {"module": "count_api.count_signature", "secret": count_requests.FIXTURE_SECRET}
}
XCLADE_SECRET = xclade.FIXTURE_SECRET


def _baselines(kind: str) -> tuple[Subject, Subject]:
    event = sample_event("axim", _SAMPLES[kind])
    expected = "201" if kind == CREATE else "Allow"
    module = "create" if kind == CREATE else "authorizer"
    return (
        Subject(f"bare {kind}", kind, f"bench.bare.{module}", ROOT, event, expected),
        Subject(f"peer {kind}", kind, f"bench.peer.{module}", ROOT, event, expected),
    )


def _current(api: str, event: dict[str, Any]) -> dict[str, Any]:
    """The sample as valid now: xclade's fixture token outlives the longest lifetime its
    authorizer accepts, so it is signed anew for the run (valid for an hour)."""
    if api != "xclade" or "Authorization" not in event["headers"]:
        return event
    bearer = f"Bearer {xclade.token()}"
    return {**event, "headers": {**event["headers"], "Authorization": bearer}}


def functions() -> list[Function]:
    """Every function of every API (ops.apis), each beside the baselines of its kind."""
    found = []
    for api in apis.apis():
        for function in api.functions:
            kind = AUTHORIZER if function.is_authorizer else CREATE
            ours = Subject(
                name=function.logical_id,
                kind=kind,
                module=function.module,
                code=BUILD / function.logical_id,
                event=_current(api.name, sample_event(api.name, _SAMPLES[kind])),
                expected=_CREATED[api.name] if kind == CREATE else "Allow",
                environment=default_environment(function.logical_id, "bench"),
                sign=_SIGNED.get(api.name) if kind == CREATE else None,
            )
            bare, peer = _baselines(kind)
            found.append(Function(function.logical_id, api.name, ours, bare, peer))
    return found
