"""The handouts' rules: combining pages, rewriting links, the cache key,
the text map's radicals (ptc.handouts). The PDFs themselves are checked in
tests/test_site.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from ptc import handouts
from ptc.handouts import Cover, Page

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../assets/stylesheets/main.css">
<link rel="stylesheet" href="../assets/site.css"></head><body>
<nav>not printed</nav><article class="md-content__inner md-typeset">
<h1 id="_1">{title}</h1>{body}<script>alert(1)</script></article></body></html>"""

HOME = PAGE.format(
    title="首页",
    body='<h2 id="about">关于</h2>'
    '<p><a href="threads/#gil">GIL</a> <a href="threads/#nowhere">x</a>'
    ' <a href="threads/">threads</a> <a href="#about">up</a>'
    ' <a href="https://docs.python.org/3/">docs</a>'
    ' <a href="examples/threads/race.py">download</a></p>'
    '<svg id="ptc-abc"><style>#ptc-abc{fill:red}</style>'
    '<a xlink:href="threads/"><text>box</text></a></svg>',
)
THREADS = PAGE.format(
    title="线程",
    body='<h2 id="gil">全局解释器锁</h2><input id="__tabbed_1_1" type="radio">'
    '<label for="__tabbed_1_1">3.10</label><a href="../">home</a>',
)
PAGES = [(Page("", "首页"), HOME), (Page("threads/", "线程"), THREADS)]


def cover(url: str | None = "https://ptc.test/") -> Cover:
    return Cover(
        "进程 · 线程 · 协程", "讲清进程", '<a href="https://cc/">CC BY-SA 4.0</a>', url
    )


def combined(url: str | None = "https://ptc.test/", lang: str = "zh"):
    text = handouts.combine(lang, PAGES, cover(url), ["assets/main.css"])
    return text, html.fromstring(text)


def hrefs(tree) -> dict[str, str]:
    return {a.text_content(): a.get("href") for a in tree.iter("a")}


def test_pages_come_in_nav_order_each_in_its_section_without_scripts():
    text, tree = combined()
    sections = tree.xpath("//section[@class='ptc-handout-page md-typeset']/@id")
    assert sections == ["p-home", "p-threads"]
    assert text.index("首页</h1>") < text.index("线程</h1>")
    assert "alert(1)" not in text and "not printed" not in text


def test_contents_list_every_page_and_its_sections_in_order():
    _, tree = combined()
    contents = tree.get_element_by_id("contents")
    links = [(a.text_content(), a.get("href")) for a in contents.iter("a")]
    assert links == [
        ("首页", "#p-home"),
        ("关于", "#p-home--about"),
        ("线程", "#p-threads"),
        ("全局解释器锁", "#p-threads--gil"),
    ]


def test_every_contents_entry_has_a_page_number_slot_for_its_target():
    text, tree = combined()
    assert handouts.contents_targets(text) == [
        "p-home",
        "p-home--about",
        "p-threads",
        "p-threads--gil",
    ]
    contents = tree.get_element_by_id("contents")
    slots = contents.xpath(".//a/span[@class='ptc-handout-pageno']")
    assert [slot.text for slot in slots] == [None] * 4


def test_page_numbers_are_written_into_their_slots():
    text, _ = combined()
    numbered = handouts.number_contents(text, {"p-home": 3, "p-threads": 12})
    contents = html.fromstring(numbered).get_element_by_id("contents")
    assert [
        (a.get("href"), a.xpath("string(span[@class='ptc-handout-pageno'])"))
        for a in contents.iter("a")
    ] == [
        ("#p-home", "3"),
        ("#p-home--about", ""),
        ("#p-threads", "12"),
        ("#p-threads--gil", ""),
    ]
    assert handouts.number_contents(numbered, {}) == text


def pdf_with(pages: int, destinations: dict[str, int]) -> bytes:
    """A PDF of blank pages with named destinations (id -> page, from 1)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(100, 100)
    for name, number in destinations.items():
        writer.add_named_destination(name, number - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_destination_pages_are_numbered_as_the_footer_numbers_them():
    pdf = pdf_with(4, {"p-home": 1, "p-threads--gil": 4})
    assert handouts.destination_pages(pdf) == {"p-home": 1, "p-threads--gil": 4}


WHERE = {"p-home": 3, "p-home--about": 3, "p-threads": 5, "p-threads--gil": 6}


def test_the_contents_settle_on_the_second_print():
    text, _ = combined()
    given = []

    def print_once(document: str) -> bytes:
        given.append(document)
        return pdf_with(8, WHERE)

    pdf = handouts.settle(text, print_once)
    assert handouts.destination_pages(pdf) == WHERE
    assert given == [text, handouts.number_contents(text, WHERE)]


def test_numbers_that_move_their_targets_stop_with_what_moved():
    text, _ = combined()
    prints = []

    def print_once(document: str) -> bytes:
        prints.append(document)  # each print pushes the threads page down
        return pdf_with(20, {**WHERE, "p-threads": 4 + len(prints)})

    with pytest.raises(
        handouts.HandoutError, match=r"did not settle in 3 prints.*#p-threads 6 -> 7"
    ):
        handouts.settle(text, print_once)
    assert len(prints) == handouts.PRINTS


def test_a_contents_entry_the_pdf_has_no_destination_for_is_named():
    text, _ = combined()
    lost = {k: v for k, v in WHERE.items() if k != "p-threads--gil"}
    with pytest.raises(handouts.HandoutError, match="lead nowhere.*#p-threads--gil"):
        handouts.settle(text, lambda document: pdf_with(8, lost))


def test_links_between_pages_become_links_inside_the_pdf():
    _, tree = combined()
    links = hrefs(tree)
    assert links["GIL"] == "#p-threads--gil"
    assert links["x"] == "#p-threads"  # an unknown anchor: the page's top
    assert links["threads"] == "#p-threads"
    assert links["up"] == "#p-home--about"
    assert links["home"] == "#p-home"
    assert links["docs"] == "https://docs.python.org/3/"
    box = tree.xpath("//svg//a")[0]
    assert box.get("xlink:href") == "#p-threads"
    for target in [v for v in links.values() if v and v.startswith("#")]:
        assert tree.xpath(f"//*[@id='{target[1:]}']"), target


def test_ids_get_the_page_prefix_except_in_diagrams():
    _, tree = combined()
    assert tree.xpath("//input[@id='p-threads--__tabbed_1_1']")
    assert tree.xpath("//label[@for='p-threads--__tabbed_1_1']")
    assert tree.xpath("//svg[@id='ptc-abc']")  # its <style> refers to it


def test_a_link_to_a_file_on_the_site_points_at_the_site_or_nowhere():
    _, tree = combined("https://ptc.test/")
    assert hrefs(tree)["download"] == "https://ptc.test/examples/threads/race.py"
    _, tree = combined(None)
    download = [a for a in tree.iter("a") if a.text_content() == "download"][0]
    assert download.get("href") is None


def test_en_downloads_point_at_the_site_root_the_cover_at_en():
    en = [(Page("en/", "Home"), HOME), (Page("en/threads/", "Threads"), THREADS)]
    text = handouts.combine("en", en, cover("https://ptc.test/en/"), [])
    tree = html.fromstring(text)
    assert hrefs(tree)["download"] == "https://ptc.test/en/examples/threads/race.py"
    assert hrefs(tree)["GIL"] == "#p-threads--gil"
    assert "Website: " in tree.get_element_by_id("cover").text_content()


def test_the_cover_has_the_title_licence_and_address_or_says_there_is_none():
    _, tree = combined()
    page = tree.get_element_by_id("cover").text_content()
    assert "进程 · 线程 · 协程" in page and "CC BY-SA 4.0" in page
    assert "https://ptc.test/" in page
    _, tree = combined(None)
    page = tree.get_element_by_id("cover").text_content()
    assert "https://" not in page.replace("https://cc/", "")
    assert "PTC_SITE_URL" in page


def test_stylesheets_are_read_from_the_page_and_linked_from_the_root():
    assert handouts.stylesheets(THREADS, "threads/") == [
        "assets/stylesheets/main.css",
        "assets/site.css",
    ]
    text, _ = combined()
    assert '<link rel="stylesheet" href="/assets/main.css">' in text


@pytest.mark.parametrize(
    ("page", "lang", "link"),
    [
        ("", "zh", "ptc-handout-zh.pdf"),
        ("threads/", "zh", "../ptc-handout-zh.pdf"),
        ("benchmarks/costs/", "zh", "../../ptc-handout-zh.pdf"),
        ("en/", "en", "ptc-handout-en.pdf"),
        ("en/threads/", "en", "../ptc-handout-en.pdf"),
    ],
)
def test_every_page_links_its_languages_pdf_relatively(page, lang, link):
    assert handouts.link(page, lang) == link


def test_the_cache_key_follows_the_document_and_its_stylesheets(tmp_path: Path):
    (tmp_path / "a.css").write_text("a{}", "utf-8")
    key = handouts.cache_key("<p>x</p>", tmp_path, ["a.css"], "T")
    assert key == handouts.cache_key("<p>x</p>", tmp_path, ["a.css"], "T")
    assert key != handouts.cache_key("<p>y</p>", tmp_path, ["a.css"], "T")
    assert key != handouts.cache_key("<p>x</p>", tmp_path, ["a.css"], "U")
    (tmp_path / "a.css").write_text("a{color:red}", "utf-8")
    assert key != handouts.cache_key("<p>x</p>", tmp_path, ["a.css"], "T")


def test_a_cached_pdf_is_copied_without_a_browser(tmp_path: Path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "a.css").write_text("a{}", "utf-8")
    documents = {"zh": ("<p>zh</p>", ["assets/a.css"], "T")}
    key = handouts.cache_key("<p>zh</p>", site, ["assets/a.css"], "T")
    cache.mkdir()
    handouts.cached("zh", key, cache).write_bytes(b"%PDF-cached")

    def no_browser(*args):
        raise AssertionError("printed although the cache had it")

    monkeypatch.setattr(handouts, "print_pdfs", no_browser)
    handouts.write(site, documents, cache)
    assert (site / "ptc-handout-zh.pdf").read_bytes() == b"%PDF-cached"
    assert handouts.last_cached("zh", cache) == handouts.cached("zh", key, cache)


def test_the_cache_keeps_the_pdfs_used_last(tmp_path: Path):
    import os

    for n in range(5):
        path = tmp_path / f"handout-zh-{n}.pdf"
        path.write_bytes(b"%PDF")
        os.utime(path, (n, n))
    handouts.prune("zh", tmp_path, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "handout-zh-2.pdf",
        "handout-zh-3.pdf",
        "handout-zh-4.pdf",
    ]


CMAP = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
1 begincodespacerange
<00> <FF>
endcodespacerange
2 beginbfchar
<01> <751A>
<15> <2F64>
endbfchar
1 beginbfrange
<20> <22> <0061>
endbfrange
1 beginbfrange
<30> <31> [<2EDA> <00660069>]
endbfrange
endcmap
"""


def test_a_text_map_is_read_in_full():
    assert handouts.parse_cmap(CMAP) == {
        0x01: "甚",
        0x15: "\u2f64",
        0x20: "a",
        0x21: "b",
        0x22: "c",
        0x30: "\u2eda",
        0x31: "fi",
    }


def test_a_written_text_map_reads_back_the_same():
    mapping = handouts.parse_cmap(CMAP)
    written = handouts.write_cmap(mapping, 1)
    assert handouts.parse_cmap(written) == mapping
    assert "<00> <FF>" in written
    many = {code: chr(0x4E00 + code) for code in range(250)}
    assert handouts.parse_cmap(handouts.write_cmap(many, 2)) == many


def test_radicals_map_back_to_the_ideograph_of_their_glyph(tmp_path: Path):
    """A tiny font whose glyph 'yong' is both U+7528 用 and U+2F64 ⽤."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "yong", "ye"])
    builder.setupCharacterMap(
        {0x7528: "yong", 0x2F64: "yong", 0x2EDA: "ye", 0x9875: "ye"}
    )
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({".notdef": empty, "yong": empty, "ye": empty})
    builder.setupHorizontalMetrics({g: (1000, 0) for g in (".notdef", "yong", "ye")})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "T", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(tmp_path / "t.ttf")
    assert handouts.radical_table(tmp_path / "t.ttf") == {
        0x2F64: 0x7528,
        0x2EDA: 0x9875,
    }
