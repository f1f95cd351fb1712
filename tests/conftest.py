"""Shared fixtures: the built site, a local server for it, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
# As when MkDocs loads a hook: hooks import their helpers from hooks/.
sys.path.insert(0, str(ROOT / "hooks"))


# `--update-examples` is pytest-examples' own option. It rewrites the expected
# output of snippets in tests/test_docs.py and of example files in
# tests/test_examples.py: read it with request.config.getoption("update_examples").


def build_site(destination: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "DISABLE_MKDOCS_2_WARNING": "true",
        },
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` writes it (built once per run)."""
    prebuilt = os.environ.get("PTC_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    destination = tmp_path_factory.mktemp("site")
    build_site(destination)
    return destination


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(directory: Path, headers: dict[str, str]) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"extra_headers": headers})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, served like GitHub Pages: no COOP/COEP."""
    yield from _serve(built_site, {})


@pytest.fixture(scope="session")
def site_url_isolated(built_site: Path) -> Iterator[str]:
    """The built site served with the headers that make it cross-origin isolated."""
    yield from _serve(
        built_site,
        {
            "Cross-Origin-Opener-Policy": "same-origin",
            "Cross-Origin-Embedder-Policy": "require-corp",
        },
    )


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run ./dev test, which installs it", pytrace=False
        )
    from playwright.sync_api import sync_playwright

    # Playwright gives each launch a fresh, temporary profile of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tab(chromium):
    """A fresh page that records requests, foreign hosts, failed requests,
    dialogs and errors."""
    from urllib.parse import urlsplit

    context = chromium.new_context()
    page = context.new_page()
    page.requests = []  # every URL asked for, in order
    page.foreign = []  # those that leave 127.0.0.1
    page.dialogs = []
    page.errors = []
    page.failed = []  # requests answered with an error status, or not at all

    def watch(request):
        if request.url.startswith(("data:", "blob:")):
            return
        page.requests.append(request.url)
        if urlsplit(request.url).hostname != "127.0.0.1":
            page.foreign.append(request.url)

    page.on("request", watch)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on(
        "response",
        lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}"),
    )
    page.on("requestfailed", lambda r: page.failed.append(f"{r.failure} {r.url}"))
    yield page
    context.close()
