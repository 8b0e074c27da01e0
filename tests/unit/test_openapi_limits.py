"""Each API's limits as published: its document's x-rateLimits are template.yaml's usage plans
and stage throttle at their parameter defaults, x-bodyLimits its contract's LIMITS, and its
docs/apis page states the same numbers."""

from __future__ import annotations

import importlib
import re

import pytest

from ops.openapi import generate, template
from ops.template import ROOT
from tests.support.openapi import document

APIS = generate.api_names()


@pytest.mark.parametrize("api", APIS)
def test_rate_limits_are_the_template_defaults(api):
    published = document(api)["info"]["x-rateLimits"]
    for limit in published:
        rate, burst = limit["parameters"]
        assert float(template.parameter_default(rate)) == limit["rateLimit"]
        assert int(template.parameter_default(burst)) == limit["burstLimit"]
    assert {limit["scope"] for limit in published} == {"usagePlan", "stage"}


@pytest.mark.parametrize("api", APIS)
def test_body_limits_are_the_contract_limits(api):
    limits = importlib.import_module(f"{api}_api.contract").LIMITS
    published = document(api)["info"]["x-bodyLimits"]
    assert published["maxBytes"] == limits.max_bytes
    assert published["maxDepth"] == limits.max_depth
    assert published["maxStringLength"] == limits.max_string_length


@pytest.mark.parametrize("api", APIS)
def test_docs_page_states_the_published_limits(api):
    page = (ROOT / "docs" / "apis" / f"{api}.md").read_text()
    section = page.split("## Limits", 1)[1]
    rows = {
        (cells[-1], cells[1], cells[2])
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| applies")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    for limit in document(api)["info"]["x-rateLimits"]:
        parameters = ", ".join(f"`{name}`" for name in limit["parameters"])
        assert (parameters, str(limit["rateLimit"]), str(limit["burstLimit"])) in rows, limit
    body = document(api)["info"]["x-bodyLimits"]
    for phrase in (
        f"{body['maxBytes']} bytes",
        f"nesting depth {body['maxDepth']}",
        f"at most {body['maxStringLength']} characters",
        f"at most {body['maxArrayItems']} items",
        f"at most {body['maxObjectMembers']} members",
        f"±{body['maxInteger']}",
    ):
        assert re.search(re.escape(phrase), section), phrase
