"""What a reader sees in Chromium: diagrams drawn, search that finds, the
language switch, not one request to another host and not one that fails."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from ptc.chromium import page_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


# The contrast of each of a diagram's labels with the page (WCAG 2), and
# the colours of its lines and arrows. (The boxes are a tint of Material's
# accent colour, the same in both schemes.)
PAINT = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const page = getComputedStyle(document.body).backgroundColor;
  const luminance = (css) => {  // painted over the page's background
    canvas.fillStyle = page;
    canvas.fillRect(0, 0, 1, 1);
    canvas.fillStyle = css;
    canvas.fillRect(0, 0, 1, 1);
    const linear = [...canvas.getImageData(0, 0, 1, 1).data.slice(0, 3)]
      .map(v => v / 255)
      .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  };
  const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const ground = luminance(page);
  const svgs = [...document.querySelectorAll("div.ptc-diagram > svg")];
  // What paints the letters: the innermost element around them.
  const texts = svgs.flatMap(s => [...s.querySelectorAll("text, tspan")])
    .filter(t => t.textContent.trim() && !t.querySelector("tspan"));
  const lines = svgs.flatMap(s => [...s.querySelectorAll(
    ".flowchart-link, .messageLine0, .messageLine1, .actor-line, marker > *")]);
  return {
    text: texts.map(t => [t.textContent.trim(),
                          contrast(luminance(getComputedStyle(t).fill), ground)]),
    lines: lines.map(e => {
      const style = getComputedStyle(e);
      return `${style.fill} ${style.stroke}`;
    }),
  };
}"""


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("path", page_paths())
def test_page_shows_its_diagrams_in_both_palettes_and_every_request_succeeds_locally(
    tab, site_url, lang, path
):
    """The diagrams are drawn once, at build time, in Material's colour
    variables: the palette toggle repaints them, and every label stays
    legible on its background."""
    page = tab
    page.goto(f"{site_url}{lang}{path}", wait_until="networkidle")
    diagrams = page.locator("div.ptc-diagram > svg")
    for index in range(diagrams.count()):
        box = diagrams.nth(index).bounding_box()
        assert box and box["height"] > 40, f"{lang}{path}: diagram {index} is empty"
    if diagrams.count():
        painted = {}
        scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
        for _ in range(2):
            before = scheme()
            painted[before] = page.evaluate(PAINT)
            page.locator("form[data-ptc-palette] label:visible").first.click()
            page.wait_for_function(
                f"document.body.dataset.mdColorScheme !== {before!r}"
            )
        light, dark = painted["default"], painted["slate"]
        assert light["text"] and len(light["text"]) == len(dark["text"])
        for name, seen in painted.items():
            dim = [(label, round(c, 1)) for label, c in seen["text"] if c < 4.5]
            assert not dim, f"{lang}{path}: {name}: labels under 4.5:1 contrast: {dim}"
        pairs = zip(light["lines"], dark["lines"], strict=True)
        same = [a for a, b in pairs if a == b]
        assert light["lines"] and not same, f"{lang}{path}: lines keep colour: {same}"
    assert not [u for u in page.requests if "mermaid" in u], page.requests
    assert not page.foreign, f"{lang}{path}: {page.foreign}"
    assert not page.failed, f"{lang}{path}: failed requests {page.failed}"
    assert not page.errors, f"{lang}{path}: script errors {page.errors}"


@pytest.mark.parametrize(
    ("lang", "label"), [("", "A 的数据到了"), ("en/", "data for A arrived")]
)
def test_diagram_labels_are_text_a_reader_can_find_and_select(
    tab, site_url, lang, label
):
    """Ctrl+F finds a label (it is in no prose of the page), and selects it
    inside the diagram."""
    page = tab
    page.goto(f"{site_url}{lang}coroutines/", wait_until="networkidle")
    found = page.evaluate(
        """label => {
          if (!window.find(label)) return null;
          const node = getSelection().anchorNode;
          const text = node && node.parentElement.closest("text");
          return text && {inDiagram: !!text.closest("div.ptc-diagram"),
                          selected: getSelection().toString(),
                          userSelect: getComputedStyle(text).userSelect};
        }""",
        label,
    )
    assert found, f"{label!r} is not found on the page"
    assert found["inDiagram"] and found["selected"] == label, found
    assert found["userSelect"] != "none", found


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_the_site_map_reads_on_a_phone_and_its_boxes_open_their_pages(
    chromium, site_url, lang
):
    """Issue 14, item 5: at 390 px the site map fits the column with labels
    of 11 px or more, and a tap on a box opens that page."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}", wait_until="networkidle")
        diagram = page.locator("div.ptc-diagram").first
        sizes = diagram.evaluate(
            """box => [...box.querySelectorAll("text")]
                 .filter(t => t.textContent.trim())
                 .map(t => [t.textContent.trim(),
                            parseFloat(getComputedStyle(t).fontSize)
                              * t.getScreenCTM().a])"""
        )
        small = [(label, round(px, 1)) for label, px in sizes if px < 11]
        assert sizes and not small, f"{lang}: labels under 11 px at 390 px: {small}"
        width = diagram.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert width[0] <= width[1], f"{lang}: the site map scrolls sideways: {width}"
        threads = "线程" if lang == "" else "Threads"
        diagram.locator("a", has_text=re.compile(rf"^\s*{threads}\s*$")).click()
        page.wait_for_url(f"{site_url}{lang}threads/")
    finally:
        context.close()


def search(page, url, query):
    """Type `query` into the search box at `url`; the results, once shown."""
    page.goto(url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup, as after an IME commit
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


def shown(text: str) -> str:
    """jieba's segmentation leaves zero-width spaces between Chinese words."""
    return text.replace("\u200b", "")


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
def test_search_finds_words(tab, site_url, lang, query):
    results = search(tab, f"{site_url}{lang}", query)
    texts = [shown(t).lower() for t in results.all_inner_texts()]
    assert any(query.lower() in text for text in texts[:5]), texts[:5]
    assert not tab.foreign


@pytest.mark.parametrize("term", ["线程池", "进程池"])
def test_search_puts_the_page_a_chinese_term_names_first(tab, site_url, term):
    """jieba would split 线程池 into 线程/池 (docs/data/search-words.txt)."""
    results = search(tab, site_url, term)
    first = results.first.locator(":scope > .md-search-result__link h1")
    assert shown(first.inner_text()) == term


def result_links(results) -> list[str]:
    return results.locator(":scope > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )


@pytest.mark.parametrize(
    ("lang", "query"),
    [("", "GIL"), ("", "ThreadPoolExecutor"), ("en/", "GIL"), ("en/", "pool")],
)
def test_search_results_are_in_the_readers_language(tab, site_url, lang, query):
    links = result_links(search(tab, f"{site_url}{lang}", query))
    paths = [urlsplit(link).path for link in links]
    if lang:
        assert all(path.startswith("/en/") for path in paths), paths
    else:
        assert not any(path.startswith("/en/") for path in paths), paths


@pytest.mark.parametrize(("lang", "query"), [("", "GIL"), ("en/", "GIL")])
def test_search_highlights_a_term_without_the_punctuation_beside_it(
    tab, site_url, lang, query
):
    results = search(tab, f"{site_url}{lang}", query)
    marks = results.locator("mark").all_text_contents()
    assert marks
    assert {mark.lower() for mark in marks} == {query.lower()}, marks


def test_a_chinese_term_is_searched_and_highlighted_whole(tab, site_url):
    results = search(tab, site_url, "线程池")
    first = result_links(results)[0]
    assert parse_qs(urlsplit(first).query)["h"] == ["线程池"]
    tab.goto(first, wait_until="networkidle")
    tab.locator("article mark").first.wait_for(timeout=15_000)  # Material marks late
    # Not innerText: that of a mark in a code block off screen, not yet drawn
    # (content-visibility), is empty.
    marks = tab.locator("article mark").all_text_contents()
    assert marks
    assert set(marks) == {"线程池"}, set(marks)


def switch_language(page, lang: str, path: str) -> str:
    """Choose `lang` in the language menu; wait for `path`; its #fragment."""
    page.locator(f".md-select a[hreflang='{lang}']").first.dispatch_event("click")
    page.wait_for_url(lambda url: urlsplit(url).path == path)
    return urlsplit(page.url).fragment


def test_language_switch_keeps_the_page(tab, site_url):
    page = tab
    page.goto(f"{site_url}threads/", wait_until="networkidle")
    switch_language(page, "en", "/en/threads/")
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "zh", "/threads/")
    assert page.locator("html").get_attribute("lang") == "zh"


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_the_language_list_stays_on_a_phones_screen(chromium, site_url, lang, scripts):
    """Before scripts run the language button is the header's last, and a list
    centred under it reached 22 px past the screen: the page scrolled sideways."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=scripts
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}threads/", wait_until="load")
        page.hover(".md-select")
        box = page.locator(".md-select__inner").bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390, box
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"the page scrolls sideways: {wide} px"
    finally:
        context.close()


@pytest.mark.parametrize(
    ("start", "switch_to", "target"),
    [("", "en", "en/"), ("en/", "zh", "")],
    ids=["zh-to-en", "en-to-zh"],
)
def test_language_switch_keeps_the_section_being_read(
    tab, site_url, start, switch_to, target
):
    page = tab
    # A link from course material to a heading, and to one example (which
    # the table of contents does not list).
    for anchor in ("taskgroup", "ex-coroutines-gather"):
        page.goto(f"{site_url}{start}coroutines/#{anchor}", wait_until="networkidle")
        assert switch_language(page, switch_to, f"/{target}coroutines/") == anchor
        assert page.locator(f"#{anchor}").is_visible()

    # A reader who scrolled to a section, with no anchor in the address.
    page.goto(f"{site_url}{start}threads/", wait_until="networkidle")
    heading_id = page.locator("article h2[id]").nth(2).get_attribute("id")
    page.evaluate(f"document.getElementById('{heading_id}').scrollIntoView()")
    page.wait_for_function(
        "id => document.querySelector('.md-sidebar--secondary .md-nav__link--active')"
        "?.hash === '#' + id",
        arg=heading_id,
    )
    assert switch_language(page, switch_to, f"/{target}threads/") == heading_id


def test_language_switch_keeps_the_anchor_while_the_page_still_loads(tab, site_url):
    """On a slow phone the header is on screen seconds before the page's
    scripts have run. Material's bundle, the first of them (deferred, then
    site.js), is held here, so none has run when the reader switches
    language (in CI this lost the #anchor)."""
    held = []  # the first page's bundle; the next page's loads
    tab.context.route(
        "**/assets/javascripts/bundle.*.min.js",
        lambda route: route.continue_() if held else held.append(route),
    )
    tab.goto(f"{site_url}coroutines/#taskgroup", wait_until="commit")
    tab.locator(".md-select a[hreflang='en']").first.wait_for(state="attached")
    for _ in range(100):  # the parser has met the bundle's tag
        if held:
            break
        tab.wait_for_timeout(100)
    assert held, "Material's bundle was never asked for"
    assert tab.evaluate("typeof viewport$") == "undefined", "Material's script ran"
    assert tab.evaluate("document.readyState") != "complete"
    fragment = switch_language(tab, "en", "/en/coroutines/")
    assert fragment == "taskgroup"


# Material names each code block `__code_<id of its closest ancestor with an
# id>`, and each copy button copies the block its `data-clipboard-target`
# names: two blocks under one id would copy the first for both.
OWN_BLOCK = """() => [
  ...document.querySelectorAll("button[data-md-type=copy]"),
].map(b => {
  const mine = b.closest("pre");
  const target = document.querySelector(b.dataset.clipboardTarget);
  return {id: mine.id, ok: target !== null && target.closest("pre") === mine};
})"""


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("path", page_paths())
def test_every_copy_button_copies_its_own_block(tab, site_url, lang, path):
    tab.goto(f"{site_url}{lang}{path}", wait_until="networkidle")
    buttons = tab.evaluate(OWN_BLOCK)
    wrong = [b["id"] for b in buttons if not b["ok"]]
    assert not wrong, f"{lang}{path}: copy buttons that copy another block: {wrong}"


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_a_printed_page_shows_what_paper_can_hold(tab, site_url, lang):
    """No copy icons, download buttons or ¶ marks; links to other sites print
    their address."""
    tab.goto(f"{site_url}{lang}threads/", wait_until="networkidle")
    tab.emulate_media(media="print")
    for selector in (".md-code__nav", ".ptc-download", ".ptc-zip-link", ".headerlink"):
        shown = tab.locator(selector).evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').length"
        )
        assert shown == 0, f"{lang}threads/: {selector} prints"
    link = tab.locator("article a[href^='https://docs.python.org']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after, after


def test_on_a_phone_back_to_top_covers_no_example_header(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}coroutines/#ex-coroutines-gather", wait_until="networkidle")
    start = page.evaluate("scrollY")
    page.mouse.wheel(0, 600)
    page.wait_for_function("y => scrollY > y", arg=start)
    page.mouse.wheel(0, -300)  # Material shows the button while scrolling up
    top = page.locator(".md-top")
    top.wait_for(state="visible")
    button = top.bounding_box()
    assert button["width"] <= 48 and button["y"] > 844 * 0.8, button
    heads = page.locator(".ptc-example-head").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())"
    )
    for head in heads:
        apart = (
            head["right"] <= button["x"]
            or head["left"] >= button["x"] + button["width"]
            or head["bottom"] <= button["y"]
            or head["top"] >= button["y"] + button["height"]
        )
        assert apart, (head, button)
    context.close()


CARDS = """() => [...document.querySelectorAll("table[data-ptc-stack] td")].map(td => ({
  right: td.getBoundingClientRect().right,
  label: getComputedStyle(td, "::before").content,
  header: td.dataset.label,
  first: td.cellIndex === 0,
}))"""


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_the_comparison_table_reads_on_a_phone(chromium, site_url, lang):
    """Every cell within 390 px, none scrolled away, each under its column."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}{lang}comparison/", wait_until="networkidle")
    cells = page.evaluate(CARDS)
    assert len(cells) >= 20, f"{lang}comparison/: the table is not marked to stack"
    assert max(c["right"] for c in cells) <= 390, "a cell reaches past the screen"
    for cell in cells:
        if not cell["first"]:
            assert cell["label"] == f'"{cell["header"]}"', cell
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page scrolls sideways: {wide} px"
    context.close()


LEARNING_PATH = [
    "original-note/",
    "processes/",
    "process-pools/",
    "threads/",
    "thread-pools/",
    "coroutines/",
    "subinterpreters/",
    "comparison/",
    "case-study-rag/",
]


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_the_home_page_says_where_to_start_on_its_first_screen(
    chromium, site_url, lang
):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}{lang}", wait_until="networkidle")
    start = page.locator("article .admonition.tip").first
    box = start.bounding_box()
    assert box and box["y"] < 844, f"{lang}: 'start here' is below the first screen"
    hrefs = start.locator("a").evaluate_all("links => links.map(a => a.href)")
    paths = [urlsplit(h).path.removeprefix(f"/{lang}").lstrip("/") for h in hrefs]
    assert paths == LEARNING_PATH, paths
    context.close()


TOPIC_PAGES = LEARNING_PATH[1:-1]  # the pages with the most code
OVERFLOWING = """() => [...document.querySelectorAll('article pre > code')]
  .filter(code => code.scrollWidth > code.clientWidth + 1)
  .map(code => code.closest('[id]')?.id || code.textContent.slice(0, 40))"""


@pytest.mark.parametrize("width", [1280, 1920])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_code_fits_the_text_column_on_a_laptop_and_a_projector(
    chromium, site_url, lang, width
):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for path in TOPIC_PAGES:
            page.goto(f"{site_url}{lang}{path}")
            assert page.evaluate(OVERFLOWING) == [], f"{lang}{path} at {width} px"
        column = page.locator("article").bounding_box()["width"]
        assert column > (1000 if width == 1920 else 740), column
    finally:
        context.close()


def _presenting(page) -> bool:
    return page.evaluate("document.documentElement.hasAttribute('data-ptc-present')")


@pytest.mark.parametrize(("lang", "title"), [("", "演示模式"), ("en/", "Presentation")])
def test_presentation_mode_is_one_click_in_and_out(chromium, site_url, lang, title):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}threads/")
        button = page.locator(".ptc-present-toggle")
        assert button.get_attribute("title").startswith(title)
        text = page.locator("article p").first
        size = float(text.evaluate("p => parseFloat(getComputedStyle(p).fontSize)"))
        button.click()
        assert _presenting(page)
        assert button.get_attribute("aria-pressed") == "true"
        assert not page.locator(".md-sidebar--primary").is_visible()
        assert not page.locator(".md-sidebar--secondary").is_visible()
        bigger = text.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
        assert bigger >= 1.3 * size, (size, bigger)
        assert page.locator("article").bounding_box()["width"] > 0.9 * 1280
        assert page.evaluate(OVERFLOWING) == []
        # It stays on from page to page, and Esc leaves it.
        page.goto(f"{site_url}{lang}coroutines/")
        assert _presenting(page)
        page.keyboard.press("Escape")
        assert not _presenting(page)
        assert page.locator(".md-sidebar--primary").is_visible()
        page.reload()
        assert not _presenting(page)
        button.click()
        button.click()
        assert not _presenting(page)
    finally:
        context.close()


def test_presentation_button_is_not_on_a_phone_or_on_paper(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{site_url}threads/")
        assert not page.locator(".ptc-present-toggle").is_visible()
        page.set_viewport_size({"width": 1280, "height": 800})
        assert page.locator(".ptc-present-toggle").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".ptc-present-toggle").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_heading_and_example_has_a_copy_link_button(chromium, site_url, lang):
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}threads/", wait_until="networkidle")
        headings = page.locator("article :is(h2, h3, h4, h5, h6)[id]").count()
        examples = page.locator(".ptc-example[id]").count()
        buttons = page.locator(".ptc-copy-link")
        assert buttons.count() == headings + examples
        example = page.locator(".ptc-example .ptc-copy-link").first
        example.click()
        anchor = example.get_attribute("data-anchor")
        page.wait_for_function(
            "a => navigator.clipboard.readText().then(t => t.endsWith('#' + a))",
            arg=anchor,
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{site_url}{lang}threads/#{anchor}"
        heading = page.locator("h2 .ptc-copy-link").first
        heading.click()
        assert page.locator("[role=status].ptc-visually-hidden").inner_text() in (
            "链接已复制",
            "Link copied",
        )
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_a_code_block_has_its_copy_button_once_it_is_in_view(tab, site_url, lang):
    """Material mounts code blocks as they scroll into view (content.lazy):
    the teacher's page has a hundred, and the last one still gets its
    button."""
    page = tab
    page.goto(f"{site_url}{lang}teachers/", wait_until="networkidle")
    blocks = page.locator(".md-typeset pre > code")
    assert blocks.count() > 50
    for block in (blocks.first, blocks.last):
        block.scroll_into_view_if_needed()
        button = block.locator("xpath=..").locator("button[data-md-type=copy]")
        button.wait_for(state="visible")
    assert not page.errors, page.errors


MATERIAL_STATE = """() => {
  const boxes = (table) => {
    let n = 0;
    for (let e = table.parentElement; e; e = e.parentElement)
      n += e.classList.contains("md-typeset__scrollwrap");
    return n;
  };
  const root = document.documentElement;
  return {
    classes: [...root.classList].sort(),
    focusVisible: root.hasAttribute("data-js-focus-visible"),
    boxes: [...document.querySelectorAll(".md-typeset table:not([class])")].map(boxes),
    material: typeof viewport$ === "object" && typeof document$ === "object",
  };
}"""


@pytest.mark.parametrize("path", ["glossary/", "threads/"])
@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_materials_deferred_script_runs_and_wraps_no_table_twice(
    tab, site_url, lang, path
):
    """Issue 12 (ptc.material): the bundle runs deferred, finds <html> with
    its classes already set, leaves the tables built into their scrolling
    box, and its focus-visible polyfill still marks keyboard focus."""
    page = tab
    page.goto(f"{site_url}{lang}{path}", wait_until="networkidle")
    state = page.evaluate(MATERIAL_STATE)
    assert state["material"], "Material's script did not run"
    assert "no-js" not in state["classes"], state["classes"]
    assert {"js", "js-focus-visible"} <= set(state["classes"]), state["classes"]
    assert state["focusVisible"]
    assert len(state["boxes"]) >= 5
    assert set(state["boxes"]) == {1}, f"tables in 0 or 2 boxes: {state['boxes']}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('focus-visible')")
    assert not page.errors, page.errors


# Each block's height as it stands in off screen, then drawn. A block whose
# --ptc-lines is changed and whose height follows was not drawn.
STAND_IN = """() => {
  const pres = [...document.querySelectorAll(".md-typeset .highlight > pre")]
    .filter(p => p.getClientRects().length);  // not in a closed tab or <details>
  const last = pres[pres.length - 1];
  const lines = last.style.getPropertyValue("--ptc-lines");
  const height = last.getBoundingClientRect().height;
  last.style.setProperty("--ptc-lines", "500");
  const skipped = last.getBoundingClientRect().height > height * 2;
  last.style.setProperty("--ptc-lines", lines);
  const standIn = pres.map(p => p.getBoundingClientRect().height);
  const drawn = document.createElement("style");
  drawn.textContent = ".md-typeset .highlight > pre {content-visibility: visible}";
  document.head.append(drawn);
  const linesOf = p => p.style.getPropertyValue("--ptc-lines");
  return {skipped, blocks: pres.map((p, i) =>
    [linesOf(p), standIn[i], p.getBoundingClientRect().height])};
}"""


@pytest.mark.parametrize("width", [390, 1920])
@pytest.mark.parametrize("path", ["teachers/", "en/threads/"])
def test_code_off_screen_is_not_drawn_and_stands_in_at_its_height(
    chromium, site_url, path, width
):
    """Issue 12: a phone does not style or lay out the code below the
    screen, and each block holds the place it will take, to the pixel."""
    context = chromium.new_context(
        viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{site_url}{path}", wait_until="networkidle")
    state = page.evaluate(STAND_IN)
    context.close()
    assert state["skipped"], f"{path}: the last code block was drawn off screen"
    assert len(state["blocks"]) > 20
    for lines, stand_in, drawn in state["blocks"]:
        assert abs(stand_in - drawn) <= 1.5, f"{lines} lines: {stand_in} px, {drawn}"


def test_a_focused_code_block_shows_its_whole_ring(chromium, site_url):
    """Paint containment clips what is drawn outside the block, so the ring
    of a code block that takes focus (it scrolls sideways) is drawn inside."""
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}en/threads/", wait_until="networkidle")
    code = page.locator(".md-typeset .highlight > pre > code[tabindex='0']").first
    code.scroll_into_view_if_needed()
    code.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus: Material's focus-visible
    ring = page.evaluate(
        """() => {
      const s = getComputedStyle(document.activeElement);
      return [document.activeElement.tagName, document.activeElement.className,
              parseFloat(s.outlineOffset), parseFloat(s.outlineWidth), s.outlineStyle];
    }"""
    )
    context.close()
    tag, classes, offset, width, style = ring
    assert tag == "CODE" and "focus-visible" in classes, ring
    assert style != "none" and width > 0, ring
    assert offset + width <= 0, f"the ring reaches {offset + width} px outside: {ring}"
