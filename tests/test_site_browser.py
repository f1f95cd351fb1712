"""What a reader sees in Chromium: diagrams drawn, search that finds, the
language switch, and not one request to another host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def page_paths() -> list[str]:
    paths = []
    for page in sorted(DOCS.glob("*.md")):
        if page.name.endswith(".en.md"):
            continue
        stem = page.name.removesuffix(".md")
        paths.append("" if stem == "index" else f"{stem}/")
    return paths


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    tab = context.new_page()
    tab.foreign_requests = []  # type: ignore[attr-defined]

    def watch(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")):
            return
        if host not in ("127.0.0.1", "localhost"):
            tab.foreign_requests.append(request.url)  # type: ignore[attr-defined]

    tab.on("request", watch)
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("path", page_paths())
def test_page_draws_its_diagrams_and_asks_no_other_host(page, site_url, lang, path):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}{lang}{path}", wait_until="networkidle")
    diagrams = page.locator("div.mermaid")
    for index in range(diagrams.count()):
        diagram = diagrams.nth(index)
        # Material draws into a closed shadow root: the raw source disappears
        # from the visible text once the SVG is in place.
        page.wait_for_function(
            "el => !/^\\s*(flowchart|graph|sequenceDiagram|stateDiagram)/"
            ".test(el.innerText)",
            arg=diagram.element_handle(),
            timeout=15000,
        )
        box = diagram.bounding_box()
        assert box and box["height"] > 40, f"{lang}{path}: diagram {index} is empty"
    assert not page.foreign_requests, f"{lang}{path}: {page.foreign_requests}"
    assert not errors, f"{lang}{path}: script errors {errors}"


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("", "协程"),
        ("", "内存"),
        ("", "线程池"),
        ("en/", "coroutine"),
        ("en/", "memory"),
        ("en/", "pool"),
    ],
)
def test_search_finds_words(page, site_url, lang, query):
    page.goto(f"{site_url}{lang}", wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(query)
    search.press("End")  # Material searches on keyup, as after an IME commit
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    # jieba's segmentation leaves zero-width spaces between Chinese words.
    texts = [t.replace("\u200b", "").lower() for t in results.all_inner_texts()]
    assert any(query.lower() in text for text in texts[:5]), texts[:5]
    assert not page.foreign_requests


def test_language_switch_keeps_the_page(page, site_url):
    page.goto(f"{site_url}threads/", wait_until="networkidle")
    page.locator(".md-select a[hreflang='en']").first.dispatch_event("click")
    page.wait_for_url("**/en/threads/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-select a[hreflang='zh']").first.dispatch_event("click")
    page.wait_for_url(lambda url: urlsplit(url).path == "/threads/")
    assert page.locator("html").get_attribute("lang") == "zh"
