"""The API reference site: one page per API (Swagger UI over openapi/<api>.json) and an index,
built into .local/docs/ (`make docs`) and served on 127.0.0.1 (`make docs-serve`).

Swagger UI comes from the npm package pinned in tools/docs/package-lock.json, installed with
`npm ci` when the lockfile is newer than the install. Its files are copied into the site and each
page embeds its document with every `$ref` resolved here, at build time, so a page loads nothing
from anywhere else (no CDN, no validator) and resolves nothing in the browser: opened from disk
(file://) Swagger UI cannot fetch the page it would resolve `#/components/...` against. Below
the reference, each operation's code samples (`x-codeSamples`) are shown as they are published.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import shutil
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ops import npm_tools
from ops.openapi import events as event_schemas
from ops.openapi.description import ROOT

TOOL_DIR = ROOT / "tools" / "docs"
SWAGGER_UI = TOOL_DIR / "node_modules" / "swagger-ui-dist"
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE")
DOCUMENTS = ROOT / "openapi"
SITE = ROOT / ".local" / "docs"
HOST = "127.0.0.1"
DEFAULT_PORT = 8765
INSTALL_TIMEOUT_SECONDS = 300
NPM_MISSING = "`make docs` installs Swagger UI with npm: install Node.js and npm."

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="assets/swagger-ui.css">
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<nav><a href="index.html">All APIs</a> · <a href="{api}.json" download>{api}.json</a></nav>
<div id="reference"></div>
{samples}
<script type="application/json" id="openapi">{document}</script>
<script src="assets/swagger-ui-bundle.js"></script>
<script src="assets/reference.js"></script>
</body>
</html>
"""

INDEX = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Customer APIs: reference</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<main>
<h1>Customer APIs: reference</h1>
<p>Each API's contract, generated from the code (OpenAPI 3.1).</p>
<ul>
{entries}
</ul>
</main>
</body>
</html>
"""

SAMPLES = """<section id="code-samples">
<h2>Code samples</h2>
<p>Complete programs, as published in the document (<code>x-codeSamples</code>). Each reads the
base URL and the credentials from the environment ({variables}) and prints the HTTP status, then
the body.</p>
{operations}
</section>"""

EVENTS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Customer APIs: customer.created events</title>
<link rel="stylesheet" href="assets/site.css">
</head>
<body>
<nav><a href="index.html">All APIs</a></nav>
<main>
<h1>customer.created events</h1>
<p>One event per stored customer on the stack's EventBridge bus, whichever API created it; at
least once (copies share <code>detail.eventId</code>), in no order across customers. The JSON
Schema (2020-12) of each API's event, generated from the code:</p>
{sections}
</main>
</body>
</html>
"""

STYLE = """body { margin: 0; font-family: sans-serif; }
#code-samples { max-width: 1460px; margin: 0 auto 3rem; padding: 0 20px; font-family: sans-serif; }
#code-samples pre { background: #333; color: #fff; padding: 1em; overflow-x: auto; }
#code-samples summary { cursor: pointer; font-weight: bold; margin: .5em 0; }
nav { padding: 8px 20px; background: #1b1b1b; color: #fff; }
nav a { color: #fff; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; font-size: 0.8rem; }
"""


class DocsError(RuntimeError):
    """The site could not be built; the message says why and what to do."""


def ensure_installed() -> Path:
    """Swagger UI from the lockfile unless already there."""
    if not (npm_tools.installed(TOOL_DIR) and all((SWAGGER_UI / n).exists() for n in ASSETS)):
        try:
            npm_tools.npm_ci(TOOL_DIR, timeout=INSTALL_TIMEOUT_SECONDS, npm_missing=NPM_MISSING)
        except npm_tools.NpmInstallError as error:
            raise DocsError(str(error)) from None
    return SWAGGER_UI


def documents() -> dict[str, dict[str, Any]]:
    """The committed documents by API name."""
    found = {path.stem: json.loads(path.read_text()) for path in sorted(DOCUMENTS.glob("*.json"))}
    if not found:
        raise DocsError(f"no documents in {DOCUMENTS}: run `make openapi`")
    return found


def resolved(value: Any, root: dict[str, Any] | None = None, seen: tuple[str, ...] = ()) -> Any:
    """`value` with every local `$ref` (`#/...`) replaced by what it points to (siblings of a
    `$ref` kept over it, as OpenAPI 3.1 allows); a reference cycle is refused."""
    root = value if root is None else root
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#/"):
                raise DocsError(f"only local references are resolved, not {ref}")
            if ref in seen:
                raise DocsError(f"a reference cycle through {ref}")
            target: Any = root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in value.items() if k != "$ref"}
            inlined = resolved(target, root, (*seen, ref))
            return {**inlined, **resolved(siblings, root, seen)}
        return {key: resolved(item, root, seen) for key, item in value.items()}
    if isinstance(value, list):
        return [resolved(item, root, seen) for item in value]
    return value


def code_samples(document: dict[str, Any]) -> str:
    """The operations' x-codeSamples as static HTML (escaped), the first one open."""
    sections = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            samples = operation.get("x-codeSamples") or []
            if not samples:
                continue
            blocks = "\n".join(
                f"<details{' open' if index == 0 else ''}><summary>"
                f"{html.escape(sample['label'])}</summary>"
                f"<pre><code>{html.escape(sample['source'])}</code></pre></details>"
                for index, sample in enumerate(samples)
            )
            sections.append(f"<h3><code>{method.upper()} {html.escape(path)}</code></h3>\n{blocks}")
    if not sections:
        return ""
    return SAMPLES.format(
        variables=", ".join(f"<code>{name}</code>" for name in _environment_names(document)),
        operations="\n".join(sections),
    )


def _environment_names(document: dict[str, Any]) -> list[str]:
    """The variables the samples say they read ("Reads … from the environment")."""
    names: dict[str, None] = {}
    for item in document["paths"].values():
        for operation in item.values():
            for sample in operation.get("x-codeSamples") or []:
                said = re.search(r"Reads (.*?) from the environment", sample["source"], re.DOTALL)
                for name in re.findall(r"\b[A-Z]+_[A-Z_]+\b", said.group(1) if said else ""):
                    names[name] = None
    return list(names)


def page(api: str, document: dict[str, Any]) -> str:
    # `</` cannot end the script element early once escaped; JSON reads `<\\/` as `</`.
    embedded = json.dumps(resolved(document), ensure_ascii=False).replace("</", "<\\/")
    return PAGE.format(
        title=html.escape(document["info"]["title"]),
        api=api,
        document=embedded,
        samples=code_samples(document),
    )


def index(docs: dict[str, dict[str, Any]]) -> str:
    entries = "\n".join(
        f'<li><a href="{api}.html">{html.escape(doc["info"]["title"])}</a>: '
        + ", ".join(
            f"<code>{method.upper()} {html.escape(path)}</code>"
            for path, item in doc["paths"].items()
            for method in item
        )
        + f' (<a href="{api}.json">{api}.json</a>)</li>'
        for api, doc in docs.items()
    )
    events = '<li><a href="events.html">customer.created events</a>: their JSON Schemas</li>'
    return INDEX.format(entries=entries + "\n" + events)


def events_page(schemas: dict[str, dict[str, Any]]) -> str:
    """Each API's customer.created schema, shown whole (openapi/events/, docs/events.md)."""
    from ops.openapi.events import file_name

    sections = "\n".join(
        f'<section id="{api}"><h2>{html.escape(schema["title"])}</h2>'
        f"<p>{html.escape(schema['description'])} "
        f'<a href="events/{file_name(api)}" download>{file_name(api)}</a></p>'
        f"<pre>{html.escape(json.dumps(schema, indent=2, ensure_ascii=False))}</pre></section>"
        for api, schema in schemas.items()
    )
    return EVENTS_PAGE.format(sections=sections)


def build(site: Path = SITE) -> list[Path]:
    """Write the site; the pages written (index first)."""
    swagger_ui = ensure_installed()
    docs = documents()
    assets = site / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(swagger_ui / name, assets / name)
    shutil.copyfile(TOOL_DIR / "reference.js", assets / "reference.js")
    (assets / "site.css").write_text(STYLE)
    pages = [site / "index.html"]
    pages[0].write_text(index(docs))
    schemas = event_schemas.documents()
    if schemas:
        (site / "events").mkdir(exist_ok=True)
        for api in schemas:
            name = event_schemas.file_name(api)
            shutil.copyfile(event_schemas.OUT_DIR / name, site / "events" / name)
        pages.append(site / "events.html")
        pages[-1].write_text(events_page(schemas))
    for api, document in docs.items():
        shutil.copyfile(DOCUMENTS / f"{api}.json", site / f"{api}.json")
        target = site / f"{api}.html"
        target.write_text(page(api, document))
        pages.append(target)
    return pages


def server(site: Path = SITE, port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """An HTTP server of the site on 127.0.0.1 (port 0: any free port), not yet serving."""

    class _Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(_Quiet, directory=str(site))
    return ThreadingHTTPServer((HOST, port), handler)


def serve(port: int) -> None:
    build()
    with server(port=port) as httpd:
        print(
            f"API reference on http://{HOST}:{httpd.server_port}/ (Ctrl-C stops)", file=sys.stderr
        )
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()
