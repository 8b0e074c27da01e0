"""Each API's reference page, opened in headless Chromium, shows its operation, every status its
document lists and the request body's fields; a screenshot per API is left in .local/docs/."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from ops.openapi import site
from tests.support.openapi import JSON, document, operations

APIS = sorted(path.stem for path in site.DOCUMENTS.glob("*.json"))
BROWSER_TIMEOUT_SECONDS = 120
# Swagger UI renders after load; the virtual time budget lets it finish before the DOM is read.
RENDER_BUDGET_MS = "15000"
# As the machine's closed network needs: no background connections, no first-run work.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def browse(chromium: Path, url: str, *arguments: str) -> str:
    """Run Chromium on `url` with a fresh profile; its standard output."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(  # noqa: S603 - our browser, our URL
            [
                str(chromium),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--virtual-time-budget={RENDER_BUDGET_MS}",
                *arguments,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=BROWSER_TIMEOUT_SECONDS,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def rendered_text(dom: str) -> str:
    """What the page shows: the DOM without its scripts (the embedded document is one)."""
    # <wbr> (a line-break hint) sits inside words, such as the paths.
    visible = SCRIPT.sub(" ", dom).replace("<wbr>", "")
    return " ".join(html.unescape(TAG.sub(" ", visible)).split())


def status_cells(dom: str) -> set[str]:
    return set(re.findall(r'class="response-col_status"[^>]*>\s*(\d{3})', dom))


@pytest.mark.parametrize("api", APIS)
def test_reference_page_shows_the_operation_statuses_and_request_fields(
    api, chromium, reference_site
):
    url = f"{reference_site}/{api}.html"
    dom = browse(chromium, url, "--dump-dom")
    text = rendered_text(dom)
    assert document(api)["info"]["title"] in text
    schemas = document(api)["components"]["schemas"]
    for path, method, operation in operations(api):
        shown = re.search(
            rf'opblock-summary-method">{method.upper()}<.{{0,600}}?data-path="{re.escape(path)}"',
            dom,
            re.DOTALL,
        )
        assert shown, f"{method.upper()} {path} is not on the page"
        assert status_cells(dom) == set(operation["responses"])
        request = operation["requestBody"]["content"][JSON]["schema"]["$ref"].rsplit("/", 1)[1]
        missing = [name for name in schemas[request]["properties"] if name not in text]
        assert missing == [], f"request fields not on the page: {missing}"
    screenshot = site.SITE / f"{api}.png"
    screenshot.unlink(missing_ok=True)
    browse(chromium, url, f"--screenshot={screenshot}", "--window-size=1280,2400")
    assert screenshot.stat().st_size > 10_000


def test_page_without_its_scripts_shows_nothing_of_the_document(chromium, reference_site, tmp_path):
    """The check above reads what Swagger UI rendered, not the embedded document."""
    blank = tmp_path / "axim.html"
    blank.write_text(site.page("axim", document("axim")).replace("assets/reference.js", "none.js"))
    dom = browse(chromium, blank.as_uri(), "--dump-dom")
    assert "firstName" not in rendered_text(dom)
    assert status_cells(dom) == set()


def test_events_page_shows_each_apis_customer_created_schema(chromium, reference_site):
    """The reference site shows the published event schemas (openapi/events/, docs/events.md)."""
    from ops.openapi import events

    dom = browse(chromium, f"{reference_site}/events.html", "--dump-dom")
    text = rendered_text(dom)
    for api, schema in events.documents().items():
        assert schema["title"] in text, api
        assert f'"const": "customer-api.{api}"' in text, api
        for field in schema["properties"]["detail"]["properties"]:
            assert f'"{field}"' in text, (api, field)
    index = rendered_text(browse(chromium, f"{reference_site}/index.html", "--dump-dom"))
    assert "customer.created events" in index
