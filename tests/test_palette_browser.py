"""The dark-mode toggle (web/palette.js, inlined by hooks/palette.py): the
first visit follows the system, later visits the reader's choice, the
browser's bars take the header's colour, and loading a page never touches
<body>'s colours once the page has content."""

from __future__ import annotations

import pytest

from ptc import labels

pytestmark = pytest.mark.browser

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])
PAGE = "coroutines/"

# The header's colour as the browser's bar gets it, and what the meta says.
BARS = """() => {
  const header = getComputedStyle(document.querySelector("[data-md-component=header]"));
  const hex = "#" + header.backgroundColor.match(/\\d+/g).slice(0, 3)
    .map(n => (+n).toString(16).padStart(2, "0")).join("");
  const meta = name =>
    [...document.querySelectorAll(`meta[name=${name}]`)].map(m => m.content);
  return {header: hex, themeColor: meta("theme-color"),
          colorScheme: meta("color-scheme"), headerScheme: header.colorScheme};
}"""

# Every change to <body>'s colour attributes, and whether the page's content
# had been parsed when it happened. Installed before the page loads.
WATCH_BODY = """(() => {
  window.ptcColourChanges = [];
  new MutationObserver(records => {
    for (const record of records) {
      if (record.target !== document.body) continue;
      window.ptcColourChanges.push({
        name: record.attributeName,
        afterContent: !!document.querySelector(".md-main"),
      });
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: [
    "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent",
    "data-md-color-media", "data-md-color-switching"]});
})();"""


def url(site_url: str, lang: str, path: str = PAGE) -> str:
    return f"{site_url}{'' if lang == labels.DEFAULT else lang + '/'}{path}"


def shown_toggle(page) -> str:
    """The title of the one toggle button a reader sees."""
    titles = page.locator("form[data-ptc-palette] label:visible").evaluate_all(
        "labels => labels.map(l => l.title)"
    )
    assert len(titles) == 1, f"toggle buttons shown: {titles}"
    return titles[0]


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


@LANGS
@pytest.mark.parametrize(("system", "first"), [("light", "default"), ("dark", "slate")])
def test_the_first_visit_follows_the_system_and_later_visits_the_choice(
    chromium, site_url, lang, system, first
):
    context = chromium.new_context(color_scheme=system)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url(site_url, lang), wait_until="networkidle")
        assert scheme(page) == first
        # The button offers the other mode, in the page's language.
        offer = {"default": "theme.dark", "slate": "theme.light"}
        assert shown_toggle(page) == labels.label(lang, offer[first])

        page.locator("form[data-ptc-palette] label:visible").click()
        chosen = {"default": "slate", "slate": "default"}[first]
        page.wait_for_function(f"document.body.dataset.mdColorScheme === {chosen!r}")
        assert shown_toggle(page) == labels.label(lang, offer[chosen])
        assert (
            page.evaluate("document.body.hasAttribute('data-md-color-switching')")
            is False
        )

        # The choice outlives a reload and a move to another page.
        page.reload(wait_until="networkidle")
        assert scheme(page) == chosen
        page.goto(url(site_url, lang, "threads/"), wait_until="networkidle")
        assert scheme(page) == chosen
        assert shown_toggle(page) == labels.label(lang, offer[chosen])

        # From the keyboard: Enter on the focused toggle switches back.
        page.focus("form[data-ptc-palette] input:checked")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.body.dataset.mdColorScheme === {first!r}")
        assert shown_toggle(page) == labels.label(lang, offer[first])
    finally:
        context.close()
    assert not errors, errors


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_browsers_bars_take_the_headers_colour(chromium, site_url, system):
    context = chromium.new_context(color_scheme=system)
    page = context.new_page()
    try:
        page.goto(url(site_url, "en"), wait_until="networkidle")
        for _ in range(2):
            bars = page.evaluate(BARS)
            assert bars["themeColor"] == [bars["header"]], bars
            assert bars["colorScheme"] == [bars["headerScheme"]], bars
            before = scheme(page)
            page.locator("form[data-ptc-palette] label:visible").click()
            page.wait_for_function(
                f"document.body.dataset.mdColorScheme !== {before!r}"
            )
    finally:
        context.close()


@LANGS
@pytest.mark.parametrize("stored", [None, "slate", "default"])
@pytest.mark.parametrize("system", ["light", "dark"])
def test_loading_a_page_sets_the_colours_before_its_content(
    chromium, site_url, lang, stored, system
):
    """Each change to <body>'s colours restyles the whole page, so a load
    makes none once the content is there (Material's palette script made
    two or three, and set data-md-color-switching every time)."""
    context = chromium.new_context(color_scheme=system)
    page = context.new_page()
    try:
        if stored:
            page.goto(url(site_url, lang), wait_until="networkidle")
            if scheme(page) != stored:
                page.locator("form[data-ptc-palette] label:visible").click()
                page.wait_for_function(
                    f"document.body.dataset.mdColorScheme === {stored!r}"
                )
        page.add_init_script(WATCH_BODY)
        page.goto(url(site_url, lang, "threads/"), wait_until="networkidle")
        page.wait_for_timeout(300)  # Material's palette script changed them after load
        changes = page.evaluate("window.ptcColourChanges")
        assert scheme(page) == (stored or {"light": "default", "dark": "slate"}[system])
        late = [c["name"] for c in changes if c["afterContent"]]
        assert not late, (
            f"<body>'s colours changed after the content was parsed: {late}"
        )
        assert "data-md-color-switching" not in [c["name"] for c in changes]
    finally:
        context.close()
