"""Shared fixtures: the built site, a local server for it, and Chromium.

Each test is marked by what it needs, from the fixtures it uses, so the fast
part runs alone (`./dev test --fast`, which is `-m fast`):
- `build`: the built site (`built_site`, `site_url`, ...);
- `browser`: headless Chromium (`chromium`, `tab`), or any of Chromium,
  Firefox and WebKit (`engine`, see ptc.engines);
- `slow`: marked by hand: examples on several Pythons, Pyodide in Node,
  fresh measurements;
- `fast`: everything else.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from ptc import engines, site
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS

# `--update-examples` is pytest-examples' own option. It rewrites the expected
# output of snippets in tests/test_docs.py and of example files in
# tests/test_examples.py: read it with request.config.getoption("update_examples").

NEEDS = {
    "build": {"built_site", "site_url", "site_url_isolated"},
    "browser": {"chromium", "tab", "engine"},
}


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl+C as in a terminal. A shell without job control starts a
    background job (`./dev test &`) with SIGINT ignored, and every process
    started from it would inherit that: the tests that press Ctrl+C on an
    example or a checker would wait for it in vain. Python installs its
    handler only when SIGINT is at its default, so install it here; exec
    resets a handled signal to the default in each process a test starts."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for marker, names in NEEDS.items():
            if fixtures & names:
                item.add_marker(marker)
        if not any(item.get_closest_marker(m) for m in ("build", "browser", "slow")):
            item.add_marker("fast")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` writes it (built once per run)."""
    prebuilt = os.environ.get("PTC_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    destination = tmp_path_factory.mktemp("site")
    try:
        site.build(destination, site_url=site.TEST_URL)
    except site.StepFailed as failure:
        pytest.fail(str(failure), pytrace=False)
    return destination


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, served like GitHub Pages: no COOP/COEP."""
    with site.serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def site_url_isolated(built_site: Path) -> Iterator[str]:
    """The built site served with the headers that make it cross-origin isolated."""
    with site.serve(built_site, site.ISOLATION_HEADERS) as url:
        yield url


def settled(navigate, page):
    """page.goto or page.reload, where "networkidle" also waits for the load
    event.

    Playwright's networkidle is 500 ms without requests, counted from the
    response: on a loaded machine a long page can still be parsing then,
    with the scripts at the end of its body not yet run (a click on the
    language menu then lost its #anchor in CI)."""

    def navigate_and_settle(*args, **kwargs):
        response = navigate(*args, **kwargs)
        if kwargs.get("wait_until") == "networkidle":
            page.wait_for_load_state("load")
        return response

    return navigate_and_settle


def settled_pages(new_context):
    """browser.new_context, whose pages navigate with settled()."""

    def make_context(*args, **options):
        context = new_context(*args, **options)
        new_page = context.new_page

        def make_page():
            page = new_page()
            page.goto = settled(page.goto, page)
            page.reload = settled(page.reload, page)
            return page

        context.new_page = make_page
        return context

    return make_context


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
        browser.new_context = settled_pages(browser.new_context)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(
    scope="session",
    params=[
        # One worker gets every test of an engine: one browser per engine.
        pytest.param(name, marks=pytest.mark.xdist_group(f"engine-{name}"))
        for name in engines.NAMES
    ],
)
def engine(request):
    """Chromium, Firefox or WebKit, each Debian's own (ptc.engines)."""
    try:
        started = engines.start(request.param)
    except engines.EngineMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    try:
        yield started
    finally:
        started.close()


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
