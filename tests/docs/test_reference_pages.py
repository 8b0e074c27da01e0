"""Each API's reference page, opened in headless Chromium, shows its operation, every status its
document lists and the request body's fields; a screenshot per API is left in .local/docs/."""

from __future__ import annotations

import html
import json
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


def reference_part(dom: str) -> str:
    """What Swagger UI rendered: the page before the static code samples (which hold the
    request bodies' field names as text)."""
    return dom.split('<section id="code-samples"', 1)[0]


def status_cells(dom: str) -> set[str]:
    return set(re.findall(r'class="response-col_status"[^>]*>\s*(\d{3})', dom))


@pytest.mark.parametrize("api", APIS)
def test_reference_page_shows_the_operation_statuses_and_request_fields(
    api, chromium, reference_site
):
    url = f"{reference_site}/{api}.html"
    dom = browse(chromium, url, "--dump-dom")
    text = rendered_text(reference_part(dom))
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
    assert "firstName" not in rendered_text(reference_part(dom))
    assert status_cells(dom) == set()


# --- the site as an integrator opens it: from disk and over HTTP --------------------------------

WAYS = ("file", "http")
# Names a person reads, shown in the examples' menus.
NAMED_EXAMPLES = ("Missing required field", "Duplicate email")


def page_url(way: str, reference_site: str, api: str) -> str:
    return (site.SITE / f"{api}.html").as_uri() if way == "file" else f"{reference_site}/{api}.html"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("api", APIS)
def test_reference_page_works_from_disk_and_over_http(api, way, chromium, reference_site):
    url = page_url(way, reference_site, api)
    dom = browse(chromium, url, "--dump-dom")
    text = rendered_text(reference_part(dom))
    assert "Resolver error" not in text
    assert "$ref" not in text, "a schema collapsed to its $ref"
    assert status_cells(dom) == {
        status for _, _, operation in operations(api) for status in operation["responses"]
    }
    # Try-it is off and the Authorize button gone (reference.js).
    assert "Authorize" not in text
    assert 'class="btn authorize' not in dom
    assert "Try it out" not in text
    for name in NAMED_EXAMPLES:
        assert name in text, f"no example named {name!r}"
    assert "events/" not in text, "an example still named after a fixture file"
    shown = rendered_text(dom.split('<section id="code-samples"', 1)[1])
    for _path, _method, operation in operations(api):
        for sample in operation["x-codeSamples"]:
            assert sample["label"] in shown
            assert " ".join(sample["source"].split()) in shown, "a sample not shown whole"
    # The whole page, code samples included (the longest, COUNT's, is under 15,000 pixels).
    screenshot = site.SITE.parent / f"reference-{api}-{way}.png"
    screenshot.unlink(missing_ok=True)
    browse(chromium, url, f"--screenshot={screenshot}", "--window-size=1280,16000")
    assert screenshot.stat().st_size > 10_000


def test_an_unresolved_page_from_disk_shows_the_resolver_error(chromium, reference_site):
    """The control of the check above: the document embedded as written ($refs left to the
    browser) fails from disk exactly as the reference did before references were resolved."""
    unresolved = site.SITE / "axim-unresolved.html"
    embedded = json.dumps(document("axim")).replace("</", "<\\/")
    resolved_page = site.page("axim", document("axim"))
    start = resolved_page.index('<script type="application/json" id="openapi">')
    end = resolved_page.index("</script>", start)
    unresolved.write_text(
        resolved_page[:start]
        + f'<script type="application/json" id="openapi">{embedded}'
        + resolved_page[end:]
    )
    try:
        text = rendered_text(browse(chromium, unresolved.as_uri(), "--dump-dom"))
    finally:
        unresolved.unlink()
    assert "Resolver error" in text


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
