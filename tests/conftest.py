"""Shared fixtures: Sphinx's test fixtures, a built copy of the real site, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook.languages import discover
from handbook.sphinxrun import sphinx_build as run_sphinx

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = discover(REPO / "locales")


@pytest.fixture(autouse=True)
def _clean_sphinx_global_state():
    """SphinxTestApp cleans docutils' global registries only when it is built without
    an exception; a build stopped by HandbookStop (a SystemExit) would leak them into
    the next test's app, which then warns that every node is registered twice."""
    yield
    from sphinx.testing.util import _clean_up_global_state

    _clean_up_global_state()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-<name>)."""
    return Path(__file__).parent / "roots"


@dataclass
class BuiltSite:
    html: Path
    doctrees: Path
    warnings: dict[str, str]

    def page(self, language: str, pagename: str) -> Path:
        return self.html / language / f"{pagename}.html"


def sphinx_build(
    language: str, outdir: Path, doctrees: Path, *extra: str, quiet: bool = True
) -> subprocess.CompletedProcess:
    """Build the real docs the way `make html-<lang>` does, in a separate process."""
    return run_sphinx(
        "html",
        REPO / "docs",
        outdir,
        doctrees,
        conf=REPO,
        language=language,
        extra=("-n", "-W", "--keep-going", *extra),
        quiet=quiet,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Every language of the handbook, built strictly into a temporary folder."""
    root = tmp_path_factory.mktemp("site")
    warnings = {}
    for language in LANGUAGES:
        result = sphinx_build(language, root / "html" / language, root / "doctrees" / language)
        assert result.returncode == 0, f"{language} build failed:\n{result.stderr}"
        warnings[language] = result.stderr
    from handbook.rootindex import main as write_root_index

    assert write_root_index([str(root / "html")]) == 0
    return BuiltSite(root / "html", root / "doctrees", warnings)


# -- Browser -----------------------------------------------------------------

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    configured = os.environ.get("HANDBOOK_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium. In CI its absence fails the test; elsewhere the test is skipped."""
    path = find_chromium()
    if path:
        return path
    message = (
        "Chromium not found: browser tests need Debian's chromium and a CJK font "
        "(`sudo apt-get install chromium fonts-wqy-microhei`, or set HANDBOOK_CHROMIUM "
        "to a Chromium binary); `bash .ci/run` installs both"
    )
    if os.environ.get("CI"):
        pytest.fail(message + " [CI is set, so browser tests may not be skipped]")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a missing page gets its language's 404 page, as hosts do."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        root = Path(self.directory)
        language = self.path.lstrip("/").split("/", 1)[0]
        page = root / language / "404.html" if language in LANGUAGES else root / "404.html"
        if not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def server(site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port, stopped after the session."""
    handler = functools.partial(_QuietHandler, directory=str(site.html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
