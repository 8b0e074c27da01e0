"""The JSON Schema of each API's `customer.created` event (docs/events.md), written beside the
OpenAPI documents as openapi/events/<api>.customer.created.json by `make openapi`.

The whole event as a subscriber receives it: EventBridge's envelope (its fields as EventBridge
documents them) around `detail`, which is the API's own model (<api>_api/events.py) and so the
API's contract model for the customer.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from customer_core.events.customer_created import DETAIL_TYPE

from ops import apis
from ops.openapi.description import ROOT

OUT_DIR = ROOT / "openapi" / "events"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {"axim": "Axim", "xclade": "xclade", "count": "COUNT"}


def file_name(api: str) -> str:
    return f"{api}.{DETAIL_TYPE}.json"


def schema(api: str) -> dict[str, Any]:
    module = importlib.import_module(f"{api}_api.events")
    detail: dict[str, Any] = module.CustomerCreatedDetail.model_json_schema(
        ref_template="#/$defs/{model}"
    )
    definitions = detail.pop("$defs", {})
    title = TITLES.get(api, api)
    return {
        "$schema": DRAFT,
        "$id": file_name(api),
        "title": f"{DETAIL_TYPE} ({title})",
        "description": (
            f"One event per customer stored through the {title} API, on the stack's customer"
            " event bus; at least once (a redelivered copy has the same detail.eventId), in no"
            " order across customers. docs/events.md."
        ),
        "type": "object",
        "required": [
            "version",
            "id",
            "detail-type",
            "source",
            "account",
            "time",
            "region",
            "resources",
            "detail",
        ],
        "properties": {
            "version": {"type": "string", "description": "EventBridge's envelope version."},
            "id": {
                "type": "string",
                "description": (
                    "EventBridge's id of this put: a redelivered copy has another one;"
                    " deduplicate by detail.eventId."
                ),
            },
            "detail-type": {"const": DETAIL_TYPE},
            "source": {"const": module.SOURCE, "description": "The API that created it."},
            "account": {"type": "string", "pattern": "^[0-9]{12}$"},
            "time": {"type": "string", "format": "date-time"},
            "region": {"type": "string"},
            "resources": {"type": "array", "items": {"type": "string"}, "maxItems": 0},
            "detail": detail,
        },
        "$defs": definitions,
    }


def render(api: str) -> str:
    return json.dumps(schema(api), indent=2, ensure_ascii=False) + "\n"


def write_all() -> list[str]:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for api in sorted(apis.names()):
        path = OUT_DIR / file_name(api)
        path.write_text(render(api))
        written.append(str(path.relative_to(ROOT)))
    return written


def documents() -> dict[str, dict[str, Any]]:
    """The committed schemas by API name."""
    return {
        api: json.loads((OUT_DIR / file_name(api)).read_text())
        for api in sorted(apis.names())
        if (OUT_DIR / file_name(api)).is_file()
    }
