"""The built site: both languages match, links hold, nothing loads from elsewhere.

`python tests/test_site.py --write-urls` rewrites tests/public_urls.txt from
a fresh build; do it only when adding pages or anchors, never to drop one.
"""

from __future__ import annotations

import functools
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree, html

from ptc import DOCS, ROOT, catalogue, directives, handouts, labels, material, site
from ptc.fences import find_fences, inside_fences

PUBLIC_URLS = Path(__file__).with_name("public_urls.txt")

HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- sources -----------------------------------------------------------------


def zh_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))


def en_twin(page: Path) -> Path:
    return page.with_name(page.name.removesuffix(".md") + ".en.md")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def outline(page: Path) -> dict[str, list[tuple[int, str]]]:
    """What must match across languages: anchors, code, examples, included
    functions ([[code …]]), diagrams."""
    found: dict[str, list[tuple[int, str]]] = {
        "headings": [],
        "unanchored": [],
        "code": [],
        "examples": [],
        "included": [],
        "diagrams": [],
    }
    text = page.read_text("utf-8")
    lines = text.splitlines()
    for fence in find_fences(lines):
        if fence.lang in {"py", "python"}:
            found["code"].append((fence.start + 1, fence.body(lines)))
        elif fence.lang == "mermaid":
            found["diagrams"].append((fence.start + 1, "mermaid"))
    for lineno, (line, fenced) in enumerate(
        zip(lines, inside_fences(lines), strict=True), start=1
    ):
        if fenced:
            continue
        if heading := HEADING.match(line):
            anchor = EXPLICIT_ID.search(heading[2])
            if anchor:
                found["headings"].append((lineno, f"{heading[1]} #{anchor[1]}"))
            else:
                found["unanchored"].append((lineno, line))
    parsed = directives.parse(text, rel(page))
    found["examples"] = [(d.line, d.argument) for d in parsed if d.name == "example"]
    found["included"] = [(d.line, d.argument) for d in parsed if d.name == "code"]
    return found


# --- both languages ----------------------------------------------------------


def test_every_page_exists_in_both_languages():
    problems = [
        f"{rel(page)}:1: no English twin {rel(en_twin(page))}"
        for page in zh_pages()
        if not en_twin(page).exists()
    ]
    problems += [
        f"{rel(page)}:1: no Chinese twin {page.name.replace('.en.md', '.md')}"
        for page in DOCS.rglob("*.en.md")
        if not page.with_name(page.name.replace(".en.md", ".md")).exists()
    ]
    assert not problems, "\n".join(problems)


def test_every_heading_has_an_explicit_ascii_anchor():
    problems = [
        f"{rel(page)}:{lineno}: heading without an explicit {{#id}}: {line}"
        for page in [*zh_pages(), *DOCS.rglob("*.en.md")]
        for lineno, line in outline(page)["unanchored"]
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "part", ["headings", "code", "examples", "included", "diagrams"]
)
@pytest.mark.parametrize("page", zh_pages(), ids=lambda p: rel(p))
def test_languages_match(page: Path, part: str):
    twin = en_twin(page)
    if not twin.exists():
        pytest.fail(f"{rel(page)}:1: no English twin", pytrace=False)
    zh, en = outline(page)[part], outline(twin)[part]
    for (zh_line, zh_item), (en_line, en_item) in zip(zh, en, strict=False):
        if part == "code" and zh_item != en_item:
            pytest.fail(
                f"{rel(page)}:{zh_line} and {rel(twin)}:{en_line}: "
                "the snippet differs between languages (snippets are identical)",
                pytrace=False,
            )
        if part != "code" and zh_item != en_item:
            pytest.fail(
                f"{rel(page)}:{zh_line} has {zh_item!r} where "
                f"{rel(twin)}:{en_line} has {en_item!r}",
                pytrace=False,
            )
    if len(zh) != len(en):
        longer, line = (
            (page, zh[len(en)][0]) if len(zh) > len(en) else (twin, en[len(zh)][0])
        )
        pytest.fail(
            f"{rel(longer)}:{line}: {part}: zh has {len(zh)}, en has {len(en)}",
            pytrace=False,
        )


def test_every_example_is_on_exactly_one_page():
    counts = Counter(
        item for page in zh_pages() for _, item in outline(page)["examples"]
    )
    every = {ex.relative for ex in catalogue.examples()}
    missing = sorted(every - set(counts))
    twice = sorted(name for name, n in counts.items() if n > 1)
    assert not missing, f"examples no page includes: {missing}"
    assert not twice, f"examples included on more than one page: {twice}"


MD_LINK = re.compile(r"\]\((?P<target>[^)\s#]*)(?:#(?P<anchor>[^)\s]+))?\)")


def anchors_in(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    ids = set(re.findall(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}", text))
    ids |= {
        catalogue.anchor_for(d.argument)
        for d in directives.parse(text, rel(page))
        if d.name == "example"
    }
    ids |= set(re.findall(r'id="([^"]+)"', text))
    return ids


def test_links_in_sources_point_at_real_anchors():
    """Broken page or anchor links, reported where the writer can fix them."""
    problems = []
    for page in [*zh_pages(), *DOCS.rglob("*.en.md")]:
        lines = page.read_text("utf-8").splitlines()
        for lineno, (line, fenced) in enumerate(
            zip(lines, inside_fences(lines), strict=True), start=1
        ):
            if fenced:
                continue
            for link in MD_LINK.finditer(line):
                target, anchor = link["target"], link["anchor"]
                if re.match(r"^[a-z]+:", target) or not (
                    target.endswith(".md") or anchor
                ):
                    continue
                if target and not target.endswith(".md"):
                    continue
                linked = (page.parent / target).resolve() if target else page
                if page.name.endswith(".en.md") and target:
                    linked = en_twin(linked)
                where = f"{rel(page)}:{lineno}: ({target}#{anchor or ''})"
                if not linked.exists():
                    problems.append(f"{where}: no page {rel(linked)}")
                elif anchor and anchor not in anchors_in(linked):
                    problems.append(f"{where}: no anchor #{anchor} in {rel(linked)}")
    assert not problems, "\n".join(problems)


# --- the built site ----------------------------------------------------------


def html_pages(site: Path) -> list[Path]:
    """The site's pages; not the downloads (the RAG service's page.html)."""
    return sorted(
        p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "examples"
    )


def is_embed(page: Path, site: Path) -> bool:
    """An example's embed page (ptc.embeds), not a page of the note."""
    return "embed" in page.relative_to(site).parts[:2]


def parse(path: Path):
    return html.fromstring(path.read_bytes())


def url_to_file(site: Path, url_path: str) -> Path | None:
    target = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.exists() else None


def ids_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = (
            set(parse(path).xpath("//@id")) if path.suffix == ".html" else set()
        )
    return cache[path]


def test_no_internal_link_or_anchor_is_broken(built_site: Path):
    problems = []
    ids: dict[Path, set[str]] = {}
    base = "http://site.test/"
    for page in html_pages(built_site):
        page_url = urljoin(base, str(page.relative_to(built_site)))
        for element in parse(page).xpath("//a[@href] | //link[@href] | //*[@src]"):
            ref = element.get("href") or element.get("src")
            absolute = urljoin(page_url, ref)
            parts = urlsplit(absolute)
            if not absolute.startswith(base) or element.tag == "link" and not ref:
                continue
            target = url_to_file(built_site, parts.path)
            where = f"{page.relative_to(built_site)}: <{element.tag} {ref!r}>"
            if target is None:
                problems.append(f"{where}: no such file")
            elif parts.fragment and unquote(parts.fragment) not in ids_of(target, ids):
                problems.append(f"{where}: no id {parts.fragment!r} in {target.name}")
    assert not problems, "\n".join(problems)


def test_nothing_loads_from_another_host(built_site: Path):
    problems = []
    for page in html_pages(built_site):
        tree = parse(page)
        refs = tree.xpath(
            "//script/@src | //img/@src | //iframe/@src | //source/@src"
            " | //link[not(@rel='alternate') and not(@rel='canonical')]/@href"
        )
        for ref in refs:
            if re.match(r"^(https?:)?//", ref):
                problems.append(f"{page.relative_to(built_site)}: loads {ref}")
        for style in tree.xpath("//style/text()"):
            for ref in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", style):
                problems.append(
                    f"{page.relative_to(built_site)}: inline style loads {ref}"
                )
    for sheet in built_site.rglob("*.css"):
        text = sheet.read_text("utf-8", errors="replace")
        for ref in re.findall(
            r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^)'\"]+)", text
        ):
            if "www.w3.org" not in ref:  # SVG namespaces are names, not requests
                problems.append(f"{sheet.relative_to(built_site)}: loads {ref}")
    assert not problems, "\n".join(problems)


def test_no_markdown_is_left_unrendered(built_site: Path):
    """Raw HTML that Markdown did not take as a block keeps its `markdown`
    attribute and lands in a paragraph, e.g. an example indented under a
    `===` tab; a fence or directive it did not parse shows as text."""
    problems = []
    for page in html_pages(built_site):
        where = page.relative_to(built_site)
        tree = parse(page)
        for element in tree.xpath("//*[@markdown]"):
            problems.append(f"{where}: <{element.tag}> kept its markdown attribute")
        for para in tree.xpath("//p"):
            text = para.text_content()
            if re.search(r"^\s*(```|~~~|///|\[\[)", text, re.M):
                problems.append(f"{where}: unrendered Markdown: {text[:80]!r}")
    assert not problems, "\n".join(problems)


def test_sitemap_pairs_every_page_with_its_translation(built_site: Path):
    """The hreflang alternates live in the sitemap (hooks/alternates.py drops
    the head copies), and /en/ has the sitemap Material asks it for."""
    sitemap = etree.parse(str(built_site / "sitemap.xml"))
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    pairs = {}
    for url in sitemap.xpath("//s:url", namespaces=ns):
        loc = url.xpath("s:loc/text()", namespaces=ns)[0]
        pairs[urlsplit(loc).path] = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.xpath("x:link[@rel='alternate']", namespaces=ns)
        }
    problems = []
    for page in html_pages(built_site):
        relative = page.relative_to(built_site).as_posix()
        if relative == "404.html" or relative.endswith("/404.html"):
            continue
        if parse(page).xpath("//meta[@http-equiv='refresh']"):
            continue  # a redirect
        if is_embed(page, built_site):
            assert parse(page).xpath("//meta[@name='robots'][@content='noindex']")
            continue  # search engines send readers to the example's page
        path = "/" + relative.removesuffix("index.html")
        zh = path.removeprefix("/en")
        if pairs.get(path) != {"zh": zh, "en": "/en" + zh}:
            problems.append(f"{relative}: sitemap has {pairs.get(path)}")
    assert not problems, "\n".join(problems)
    assert (built_site / "en" / "sitemap.xml").read_bytes() == (
        built_site / "sitemap.xml"
    ).read_bytes()


def built_page(site: Path, source: Path) -> Path:
    """The built index.html of a page in docs/ (either language)."""
    stem = source.name.removesuffix(".md").removesuffix(".en")
    lang = "en/" if source.name.endswith(".en.md") else ""
    folder = source.parent.relative_to(DOCS) / ("" if stem == "index" else stem)
    return site / lang / folder / "index.html"


def test_every_diagram_is_drawn_into_the_page_and_no_page_loads_mermaid(
    built_site: Path,
):
    """Issue 12: each mermaid fence is inline SVG with text labels, in both
    languages alike; mermaid itself is neither loaded nor shipped."""
    problems = []
    for page in html_pages(built_site):
        tree = parse(page)
        where = page.relative_to(built_site)
        for script in tree.xpath("//script[contains(@src, 'mermaid')]/@src"):
            problems.append(f"{where}: loads {script}")
        if tree.xpath("//*[contains(concat(' ', @class, ' '), ' mermaid ')]"):
            problems.append(f"{where}: a diagram left for mermaid to draw")
        if tree.xpath("//*[@data-ptc-diagram]"):
            problems.append(f"{where}: a diagram placeholder was not filled")
    counts = {}
    for source in sorted(DOCS.rglob("*.md")):
        lines = source.read_text("utf-8").split("\n")
        fences = sum(f.lang == "mermaid" for f in find_fences(lines))
        tree = parse(built_page(built_site, source))
        drawn = tree.xpath("//div[@class='ptc-diagram']/svg")
        counts[source.name] = len(drawn)
        if len(drawn) != fences:
            problems.append(f"{rel(source)}: {fences} diagrams, {len(drawn)} drawn")
        for svg in drawn:
            labels = [t.text_content().strip() for t in svg.iter("text")]
            if not any(labels):
                problems.append(f"{rel(source)}: a diagram without text labels")
            if svg.xpath(".//foreignobject"):
                problems.append(f"{rel(source)}: labels in foreignObject")
            if svg.get("role") not in ("img", "group") or not (
                svg.get("aria-label") or svg.get("aria-labelledby")
            ):
                problems.append(f"{rel(source)}: a diagram has no accessible name")
    for source in zh_pages():
        twin = en_twin(source).name
        if counts[source.name] != counts[twin]:
            problems.append(
                f"{source.name}: {counts[source.name]} diagrams, {twin}: {counts[twin]}"
            )
    assert not problems, "\n".join(problems)
    assert not list(built_site.rglob("mermaid*.js")), "mermaid is still shipped"
    assert sum(counts.values()) > 0


def test_every_data_table_is_built_into_materials_scrolling_box(built_site: Path):
    """Issue 12: wrapped at build time (ptc.pages.wrap_tables), so Material's
    script, patched to leave them (ptc.material), never moves one on load."""
    problems = []
    tables = 0
    for page in html_pages(built_site):
        if is_embed(page, built_site):
            continue  # an embed page runs no Material script
        for table in parse(page).xpath("//table[not(@class)]"):
            tables += 1
            box, scroller = table.getparent(), table.getparent().getparent()
            if (box.get("class"), scroller.get("class")) != (
                "md-typeset__table",
                "md-typeset__scrollwrap",
            ):
                problems.append(f"{page.relative_to(built_site)}: a bare table")
    assert not problems, "\n".join(problems)
    assert tables > 50
    (bundle,) = built_site.glob(material.BUNDLE_GLOB)
    for patch in material.PATCHES:
        assert patch.replace in bundle.read_text("utf-8"), patch.why


def test_every_code_block_is_built_with_its_number_of_lines(built_site: Path):
    """Off screen a block stands in at the height of `--ptc-lines` lines
    (web/site.css): that must be the number it shows."""
    problems = []
    blocks = 0
    for page in html_pages(built_site):
        tree = parse(page)
        for pre in tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' highlight ')]/pre"
        ):
            blocks += 1
            shown = pre.text_content().removesuffix("\n").count("\n") + 1
            if pre.get("style") != f"--ptc-lines:{shown}":
                where = page.relative_to(built_site)
                problems.append(f"{where}: {shown} lines, style {pre.get('style')!r}")
    assert not problems, "\n".join(problems[:20])
    assert blocks > 500


def test_every_page_defers_materials_script_and_sets_its_classes_first(
    built_site: Path,
):
    """The parser reaches the end of the page before Material's bundle runs,
    and <html> has the bundle's classes before anything is styled."""
    problems = []
    pages = 0
    for page in html_pages(built_site):
        text = page.read_text("utf-8")
        if "javascripts/bundle." not in text:
            continue  # a redirect
        pages += 1
        where = page.relative_to(built_site)
        tree = parse(page)
        bundle = tree.xpath("//script[contains(@src, 'javascripts/bundle.')]")
        if len(bundle) != 1 or bundle[0].get("defer") is None:
            problems.append(f"{where}: Material's bundle is not one deferred script")
        for script in tree.xpath("//script[@src and not(@type='module')]"):
            if script.get("defer") is None and script.get("async") is None:
                problems.append(f"{where}: {script.get('src')} blocks the parser")
        first = tree.xpath("/html/head/*[2]")
        if (
            not first
            or first[0].tag != "script"
            or (first[0].text != material.HTML_STATE_SCRIPT[8:-9])
        ):
            problems.append(f"{where}: <head> does not start with HTML_STATE_SCRIPT")
    assert not problems, "\n".join(problems)
    assert pages > 25


def test_search_finds_the_labels_of_the_diagrams(built_site: Path):
    """The labels are text in the page, so the search index has them (it had
    the raw mermaid source before)."""
    import json

    texts: dict[str, str] = {}
    for lang in ("", "en/"):  # one index, or one a language with its own paths
        index = built_site / lang / "search" / "search_index.json"
        if not index.exists():
            continue
        for doc in json.loads(index.read_text("utf-8"))["docs"]:
            page = doc["location"].split("#")[0]
            page = page if page.startswith(lang) else lang + page
            texts[page] = texts.get(page, "") + " " + doc["text"]
    squash = lambda text: re.sub(r"[\s\u200b]+", "", text)  # noqa: E731
    problems = []
    for page in html_pages(built_site):
        location = page.relative_to(built_site).as_posix().removesuffix("index.html")
        indexed = squash(texts.get(location, ""))
        for text in parse(page).xpath("//div[@class='ptc-diagram']/svg//text"):
            label = squash(text.text_content())
            if label and label not in indexed:
                problems.append(f"{location}: {text.text_content()!r} is not indexed")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_every_box_of_the_site_map_is_a_link_to_a_page(built_site: Path, lang):
    """Issue 14, item 5: relative links, to the page in the home page's own
    language, so they work under /en/ and on any host."""
    home = built_site / lang / "index.html"
    (svg,) = parse(home).xpath("//div[@class='ptc-diagram']/svg")  # the site map
    boxes = svg.xpath(".//g[contains(concat(' ', @class, ' '), ' node ')]")
    assert len(boxes) >= 10
    base = f"http://site.test/{lang}"
    for box in boxes:
        label = box.text_content().strip()
        link = box.getparent()
        assert link.tag == "a", f"{lang}index.html: box {label!r} is not a link"
        href = link.get("href")
        assert href and not re.match(r"^(/|[a-z]+:)", href), f"{label}: {href!r}"
        path = urlsplit(urljoin(base, href)).path
        assert path.startswith(f"/{lang}"), f"{label}: {href} leaves the language"
        assert url_to_file(built_site, path), f"{label}: {href} is no page"


def test_every_page_is_built_in_both_languages(built_site: Path):
    missing = []
    for page in zh_pages():
        stem = page.relative_to(DOCS).with_suffix("")
        path = "" if stem.name == "index" else f"{stem.as_posix()}/"
        path = path.replace("index/", "")
        for prefix in ("", "en/"):
            if url_to_file(built_site, f"/{prefix}{path}") is None:
                missing.append(f"/{prefix}{path} (from {rel(page)})")
    assert not missing, "pages missing from the build:\n" + "\n".join(missing)


def test_anchors_match_across_languages_in_the_build(built_site: Path):
    problems = []
    for zh in html_pages(built_site):
        relative = zh.relative_to(built_site)
        if (
            relative.parts[0] in ("en", "assets", "examples", "search")
            or zh.name == "404.html"
        ):
            continue
        en = built_site / "en" / relative
        if not en.exists():
            problems.append(f"{relative}: no en/{relative}")
            continue
        heading_ids = (
            "//article//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]/@id"
        )
        example_ids = "//div[contains(@class, 'ptc-example')]/@id"
        zh_ids = parse(zh).xpath(heading_ids) + parse(zh).xpath(example_ids)
        en_ids = parse(en).xpath(heading_ids) + parse(en).xpath(example_ids)
        if zh_ids != en_ids:
            problems.append(
                f"{relative}: zh ids {sorted(set(zh_ids) - set(en_ids))} / "
                f"en ids {sorted(set(en_ids) - set(zh_ids))} differ, or their order"
            )
    assert not problems, "\n".join(problems)


def test_each_language_has_its_own_search_index_of_its_own_pages(built_site: Path):
    """The same sections, indexed once per language, each found where it points."""
    import json

    from ptc import search

    locations = {}
    for lang, root in (("zh", built_site), ("en", built_site / "en")):
        index = json.loads((root / search.INDEX).read_text(encoding="utf-8"))
        locations[lang] = [doc["location"] for doc in index["docs"]]
        for location in locations[lang]:
            path, _, anchor = location.partition("#")
            page = root / unquote(path) / "index.html"
            assert page.exists(), f"{lang} index: {location} has no page"
            if anchor:
                assert parse(page).xpath(f"//*[@id='{anchor}']"), (
                    f"{lang} index: {location} has no such anchor"
                )
    assert not [loc for loc in locations["zh"] if loc.startswith("en/")]
    assert sorted(locations["zh"]) == sorted(locations["en"])


@pytest.mark.slow  # a second build
def test_a_build_without_a_site_url_claims_no_host(tmp_path: Path):
    """An offline copy or another host's build names no address: no canonical
    link and no sitemap, and nothing that points at localhost."""
    import os

    if os.environ.get("PTC_SITE_URL"):
        pytest.skip("PTC_SITE_URL is set here: this build has an address")
    site.build(tmp_path / "site")
    built = tmp_path / "site"
    problems = [str(p.relative_to(built)) for p in built.rglob("sitemap.xml*")]
    for page in html_pages(built):
        tree, where = parse(page), page.relative_to(built)
        addresses = tree.xpath("//link/@href | //meta/@content | //a/@href")
        if any("127.0.0.1" in a or "localhost" in a for a in addresses):
            problems.append(f"{where} links localhost")  # code may name it
        redirect = tree.xpath("//meta[@http-equiv='refresh']")
        if not redirect and tree.xpath("//link[@rel='canonical']"):
            problems.append(f"{where} has a canonical link")
    for lang in handouts.PDF:  # the cover says there is no address
        reader, texts = handout(built, lang)
        if "PTC_SITE_URL" not in texts[0]:
            problems.append(f"{handouts.PDF[lang]}: the cover names an address")
        _, external = link_annotations(reader)
        problems += [
            f"{handouts.PDF[lang]} links {u}" for u in external if "127.0.0.1" in u
        ]
    assert not problems, "\n".join(problems)


def test_the_tested_build_links_its_canonical_address(built_site: Path):
    page = parse(built_site / "en" / "threads" / "index.html")
    canonical = page.xpath("//link[@rel='canonical']/@href")
    assert canonical and canonical[0].startswith(site.TEST_URL), canonical


def test_footer_states_both_licenses(built_site: Path):
    for page in (built_site / "index.html", built_site / "en" / "index.html"):
        footer = " ".join(parse(page).xpath("//footer//text()"))
        assert "CC BY-SA 4.0" in footer and "MIT" in footer, f"{page}: {footer!r}"


# --- examples in the build ---------------------------------------------------


def _example_blocks(built_site: Path):
    for page in html_pages(built_site):
        for block in parse(page).xpath("//div[contains(@class, 'ptc-example')]"):
            yield page, block


def lang_of(built_site: Path, page: Path) -> str:
    return "en" if page.relative_to(built_site).parts[0] == "en" else "zh"


def _code(block) -> str:
    return block.xpath(".//div[contains(@class,'highlight')]//code")[0].text_content()


def _link_target(built_site: Path, page: Path, link) -> str:
    page_url = "http://site.test/" + str(page.relative_to(built_site))
    return urlsplit(urljoin(page_url, link.get("href"))).path


def test_pages_show_each_example_with_its_real_output(built_site: Path):
    seen = Counter()
    for page, block in _example_blocks(built_site):
        relative = block.get("data-example")
        example = catalogue.example(relative)
        lang = lang_of(built_site, page)
        assert block.get("id") == example.anchor
        assert block.get("data-lang") == lang, page
        output = block.xpath(".//div[contains(@class,'ptc-output')]//code")[
            0
        ].text_content()
        assert _code(block).rstrip("\n") == example.source_in(lang).rstrip("\n"), (
            f"{page}: code shown for {relative} is not the {lang} version"
        )
        assert output.rstrip("\n") == example.expected_output().rstrip("\n"), (
            f"{page}: output shown for {relative} is not {example.output_path.name}"
        )
        seen[lang, is_embed(page, built_site)] += 1
    # Once on its page and once on its embed page, in each language.
    n = len(catalogue.examples())
    assert seen == {
        ("zh", False): n,
        ("en", False): n,
        ("zh", True): n,
        ("en", True): n,
    }


def test_zh_pages_show_chinese_comments_and_en_pages_english(built_site: Path):
    """Each example's first comment or docstring, as the reader sees it."""
    from ptc import translations

    for page, block in _example_blocks(built_site):
        example = catalogue.example(block.get("data-example"))
        first = translations.texts(example.source)[0]
        zh = {e.en: e.zh for e in translations.load(example.translation_path)}
        code = _code(block)
        chinese = zh[first.en].split("\n")[0]
        english = first.en.split("\n")[0]
        if lang_of(built_site, page) == "zh":
            assert chinese in code and english not in code, f"{page}: {english}"
        else:
            assert english in code and chinese not in code, f"{page}: {chinese}"


def test_downloads_are_the_same_bytes(built_site: Path):
    """In English, each example and project file is served and zipped byte
    for byte; in Chinese, as ptc.catalogue.published gives it."""
    for lang in catalogue.LANGS:
        archive_path = built_site / "examples" / catalogue.ZIP_NAMES[lang]
        with zipfile.ZipFile(archive_path) as archive:
            names = set(archive.namelist())
            assert f"{catalogue.ZIP_ROOT}/README.md" in names
            for path in catalogue.published_files():
                relative = path.relative_to(catalogue.EXAMPLES).as_posix()
                served = built_site / catalogue.download_path(relative, lang)
                expected = catalogue.published(path, lang)
                assert served.read_bytes() == expected, f"{lang}: {relative}"
                assert archive.read(f"{catalogue.ZIP_ROOT}/{relative}") == expected
                if lang == "en":
                    assert expected == path.read_bytes(), relative
            for example in catalogue.examples():
                output = example.output_path.relative_to(catalogue.EXAMPLES)
                inside = f"{catalogue.ZIP_ROOT}/{output.as_posix()}"
                assert archive.read(inside) == example.output_path.read_bytes()
            assert not [n for n in names if "/state/" in n or "__pycache__" in n]
            assert not [n for n in names if n.endswith(".toml")], lang


def test_the_zh_download_of_each_example_is_its_zh_version(built_site: Path):
    for example in catalogue.examples():
        served = built_site / catalogue.download_path(example.relative, "zh")
        assert served.read_text("utf-8") == example.source_in("zh")
        assert served.read_text("utf-8") != example.source
        plain = built_site / catalogue.download_path(example.relative, "en")
        assert plain.read_bytes() == example.path.read_bytes()


def test_the_zh_download_of_each_project_file_is_its_zh_version(built_site: Path):
    """A project's Python file has Chinese comments in examples/zh/ (its
    .zh.toml); its other files, and every file for en, are the bytes."""
    for path in catalogue.project_files():
        relative = path.relative_to(catalogue.EXAMPLES).as_posix()
        served = built_site / catalogue.download_path(relative, "zh")
        assert served.read_bytes() == catalogue.published(path, "zh"), relative
        if path.suffix == ".py":
            assert served.read_bytes() != path.read_bytes(), f"{relative}: English"
        plain = built_site / catalogue.download_path(relative, "en")
        assert plain.read_bytes() == path.read_bytes(), relative


def test_zh_pages_show_the_project_functions_with_chinese_comments(
    built_site: Path,
):
    """A [[code file.py:function]] block on a zh page shows the function's
    comments and docstring in Chinese."""
    from ptc import pages, translations

    seen = 0
    for page in html_pages(built_site):
        if lang_of(built_site, page) != "zh":
            continue
        for block in parse(page).xpath("//div[contains(@class, 'ptc-code')]"):
            relative, name = block.get("data-code").split(":")
            path = catalogue.project_file(relative)
            english = pages.function_source(path, name, "en")[0]
            if not translations.texts(english):
                continue  # nothing to translate
            code = _code(block).rstrip("\n")
            assert code != english, f"{page}: {name} has its English comments"
            assert translations.CJK.search(code), f"{page}: {name}"
            seen += 1
    assert seen, "no [[code …]] block with a comment or docstring on a zh page"


def test_included_functions_are_the_files_code_and_never_run(built_site: Path):
    """[[code file.py:function]]: exactly that function, as the page's
    language has the file, a Download link to that file, no Run button; the
    same blocks in both languages."""
    from ptc import pages

    seen = Counter()
    for page in html_pages(built_site):
        lang = lang_of(built_site, page)
        for block in parse(page).xpath("//div[contains(@class, 'ptc-code')]"):
            relative, name = block.get("data-code").split(":")
            path = catalogue.project_file(relative)
            expected = pages.function_source(path, name, lang)[0]
            assert _code(block).rstrip("\n") == expected, f"{page}: {name}"
            assert not block.xpath(".//*[contains(@class, 'ptc-run-code')]"), page
            link = block.xpath(".//a[contains(@class,'ptc-download')]")[0]
            target = _link_target(built_site, page, link)
            assert target == "/" + catalogue.download_path(relative, lang), page
            seen[(lang, name)] += 1
    zh = {name for lang, name in seen if lang == "zh"}
    en = {name for lang, name in seen if lang == "en"}
    assert zh and zh == en, f"zh {sorted(zh)} / en {sorted(en)}"


def test_download_links_point_at_the_served_file(built_site: Path):
    for page, block in _example_blocks(built_site):
        link = block.xpath(".//a[contains(@class,'ptc-download')]")[0]
        target = _link_target(built_site, page, link)
        lang = lang_of(built_site, page)
        assert target == "/" + catalogue.download_path(
            block.get("data-example"), lang
        ), page
        assert block.get("data-download") == link.get("href"), page
        assert (built_site / target.lstrip("/")).is_file()


def test_every_example_links_the_zip_of_all_examples(built_site: Path):
    for page, block in _example_blocks(built_site):
        links = block.xpath(".//a[contains(@class,'ptc-zip-link')]")
        assert len(links) == 1, f"{page}: {block.get('id')} has no zip link"
        target = _link_target(built_site, page, links[0])
        zip_name = catalogue.ZIP_NAMES[lang_of(built_site, page)]
        assert target == f"/examples/{zip_name}", page
        assert (built_site / target.lstrip("/")).is_file()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_material_labels_are_in_the_page_language(built_site: Path, lang: str):
    """mkdocs.yml names the palette toggles and heading links in English."""
    from ptc import labels

    english = {"Dark mode", "Light mode", "Permanent link"}
    checked = 0
    for page in html_pages(built_site):
        relative = page.relative_to(built_site).as_posix()
        tree = parse(page)
        if tree.xpath("string(/html/@lang)") != lang:
            continue  # e.g. the one 404.html, which the last language writes
        shown = set(tree.xpath("//@title | //@aria-label"))
        if lang == "zh":
            assert not shown & english, f"{relative}: {shown & english}"
        if tree.xpath("//form[@data-ptc-palette]"):
            checked += 1
            for key in ("theme.dark", "theme.light"):
                assert labels.label(lang, key) in shown, f"{relative}: {key}"
    assert checked, "no page has the palette toggles"


# --- links from course material ----------------------------------------------


def public_urls(site: Path) -> list[str]:
    urls = []
    for page in html_pages(site):
        relative = page.relative_to(site)
        if (
            relative.parts[0] in ("assets", "examples", "search")
            or page.name == "404.html"
        ):
            continue
        if parse(page).xpath("//meta[@http-equiv='refresh']"):
            continue  # a redirect, not a page
        url = "/" + str(relative).removesuffix("index.html")
        urls.append(url)
        tree = parse(page)
        anchors = tree.xpath(
            "//article//*[self::h2 or self::h3 or self::h4]/@id"
            " | //div[contains(@class,'ptc-example')]/@id"
        )
        urls += [f"{url}#{anchor}" for anchor in anchors]
    downloads = site / "examples"
    urls += [f"/{p.relative_to(site)}" for p in downloads.rglob("*") if p.is_file()]
    return sorted(urls)


def _redirect_target(site: Path, path: Path) -> Path | None:
    refresh = parse(path).xpath("//meta[@http-equiv='refresh']/@content")
    if not refresh:
        return None
    target = refresh[0].split("url=", 1)[-1].strip()
    page_url = "http://site.test/" + str(path.relative_to(site))
    return url_to_file(site, urlsplit(urljoin(page_url, target)).path)


def test_public_urls_still_resolve(built_site: Path):
    """URLs teachers may have linked to; a removed one needs a redirect."""
    problems = []
    ids: dict[Path, set[str]] = {}
    for lineno, line in enumerate(PUBLIC_URLS.read_text("utf-8").splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        path, _, anchor = url.partition("#")
        target = url_to_file(built_site, path)
        if target is not None and (redirected := _redirect_target(built_site, target)):
            target = redirected
        where = f"{rel(PUBLIC_URLS)}:{lineno}: {url}"
        if target is None:
            problems.append(f"{where}: page gone (add a redirect in mkdocs.yml)")
        elif anchor and anchor not in ids_of(target, ids):
            problems.append(
                f"{where}: anchor gone from {target.relative_to(built_site)}"
            )
    assert not problems, "\n".join(problems)


def test_redirects_lead_to_a_page_in_both_languages(built_site: Path):
    from mkdocs.config import load_config

    redirects = load_config(str(ROOT / "mkdocs.yml"))["extra"].get("redirects") or {}
    ids: dict[Path, set[str]] = {}
    for old, new in redirects.items():
        anchor = new.partition("#")[2]
        for root in ("/", "/en/"):
            page = url_to_file(built_site, f"{root}{old.strip('/')}/")
            assert page is not None, f"mkdocs.yml redirect {old}: no page at {root}"
            target = _redirect_target(built_site, page)
            assert target is not None, f"{root}{old} does not redirect"
            assert root == "/" or "/en/" in f"/{target.relative_to(built_site)}"
            assert not anchor or anchor in ids_of(target, ids), f"{new}: no #{anchor}"


def test_redirects_are_written_for_every_language(tmp_path: Path):
    """A moved page keeps working at / and /en/, each in its own language."""
    from ptc import redirects

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "threads.md").write_text("# T\n", "utf-8")
    redirects.write(
        {"old/gil/": "threads.md#gil"},
        tmp_path / "site",
        tmp_path / "docs",
        {"zh": "", "en": "en/"},
    )
    zh = (tmp_path / "site/old/gil/index.html").read_text("utf-8")
    en = (tmp_path / "site/en/old/gil/index.html").read_text("utf-8")
    assert 'url=../../threads/#gil"' in zh and 'lang="zh"' in zh
    assert 'url=../../threads/#gil"' in en and 'lang="en"' in en
    assert "页面已移动" in zh and "This page has moved" in en
    with pytest.raises(redirects.RedirectError, match="no page docs/gone.md"):
        redirects.write({"x/": "gone.md"}, tmp_path / "s", tmp_path / "docs", {})


# --- the handouts (ptc.handouts) ---------------------------------------------


@functools.cache
def handout(site_dir: Path, lang: str):
    """The language's PDF: its reader and the text of each of its pages."""
    from pypdf import PdfReader

    path = site_dir / handouts.PDF[lang]
    assert path.exists(), f"no handout {handouts.PDF[lang]} in the site"
    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def squeeze(text: str) -> str:
    """Text without whitespace: pypdf spaces 进程（Process） as 进程（ Process ）."""
    return re.sub(r"\s+", "", text)


def heading_text(element) -> str:
    return " ".join(element.text_content().replace("¶", "").split())


def nav_pages(site_dir: Path, lang: str) -> list[tuple[str, Path]]:
    """(nav title, built file) of each page in the home page's nav that the
    handout holds (not those printed apart), in order."""
    root = "/" + handouts.lang_root(lang)
    home = parse(site_dir / root.lstrip("/") / "index.html")
    found: list[tuple[str, Path]] = []
    for link in home.xpath("//nav[contains(@class, 'md-nav--primary')]//a[@href]"):
        target = url_to_file(site_dir, urljoin(root, link.get("href")).split("#")[0])
        # The logo links home too, with no text.
        if target is None or not heading_text(link) or target in [f for _, f in found]:
            continue
        if handouts.in_handout(f"{target.parent.name}.md"):
            found.append((heading_text(link), target))
    return found


def top_bookmarks(reader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_has_a_handout_of_a_sane_length(built_site: Path, lang):
    reader, _ = handout(built_site, lang)
    assert 60 <= len(reader.pages) <= 250, len(reader.pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_handout_has_every_nav_page_in_nav_order(built_site: Path, lang):
    """The contents list every nav page's title in nav order; the pages
    follow in that order, each starting with its own heading."""
    reader, texts = handout(built_site, lang)
    pages = nav_pages(built_site, lang)
    assert len(pages) >= 12, pages
    bookmarks = top_bookmarks(reader)
    first_page = bookmarks[2][1]  # after the cover and the contents
    contents, position = squeeze("".join(texts[1:first_page])), 0
    for title, _ in pages:
        found = contents.find(squeeze(title), position)
        assert found >= 0, f"{title!r} is missing from the contents, or out of order"
        position = found
    headings = [
        heading_text(parse(file).xpath("//article//h1")[0]) for _, file in pages
    ]
    assert [title for title, _ in bookmarks[2:]] == headings
    starts = [page for _, page in bookmarks[2:]]
    assert starts == sorted(set(starts)), "a page does not start on a page of its own"
    for heading, start in zip(headings, starts, strict=True):
        assert squeeze(heading) in squeeze(texts[start]), (heading, start + 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_handouts_contents_give_the_page_each_entry_is_on(built_site: Path, lang):
    """Beside each page's title and each of its sections' the contents give
    a number, and that page's footer prints the same number."""
    reader, texts = handout(built_site, lang)
    first_page = top_bookmarks(reader)[2][1]  # after the cover and the contents
    # Each contents line ends in its number; an entry may wrap onto more lines.
    numbered, text = [], ""
    for line in "\n".join(texts[1:first_page]).splitlines():
        if found := re.fullmatch(r"(.*?)\s+(\d+)\s*", line):
            numbered.append((squeeze(text + found[1]), int(found[2])))
            text = ""
        else:
            text += line
    # (title, page from 0) of each page, by its nav title, and its sections
    titles = iter(title for title, _ in nav_pages(built_site, lang))
    entries = []
    for item in reader.outline[2:]:
        if isinstance(item, list):
            entries += [
                (child.title, reader.get_destination_page_number(child))
                for child in item
                if not isinstance(child, list)
            ]
        else:
            entries.append((next(titles), reader.get_destination_page_number(item)))
    total, position, problems = len(reader.pages), 0, []
    for title, page in entries:
        at = next(
            (
                i
                for i in range(position, len(numbered))
                if numbered[i][0].endswith(squeeze(title))
            ),
            None,
        )
        if at is None:
            problems.append(f"{title!r}: no numbered line in the contents")
            continue
        position, number = at + 1, numbered[at][1]
        if number != page + 1:
            problems.append(
                f"{title!r}: the contents say {number}, it is on {page + 1}"
            )
        if f"{number}/{total}" not in squeeze(texts[min(number, total) - 1]):
            problems.append(f"{title!r}: page {number}'s footer does not say {number}")
    assert len(entries) > 40 and all(title for title, _ in entries), entries
    assert not problems, "\n".join(problems[:20])


def test_the_zh_handout_has_the_chinese_headings_in_real_characters(built_site: Path):
    """Every heading of every zh page is in the PDF's text as written: no
    missing glyph (.notdef comes out as U+0000), and no Kangxi radical where
    the page has the ideograph (⽤ for 用, which search would not find)."""
    _, texts = handout(built_site, "zh")
    text = squeeze("".join(texts))
    problems = [
        f"page {n}: {bad!r} in {page[max(0, page.find(bad) - 20) :][:40]!r}"
        for n, page in enumerate(texts, start=1)
        for bad in {c for c in page if c in "\x00\ufffd" or 0x2E80 <= ord(c) < 0x2FE0}
    ]
    for _, file in nav_pages(built_site, "zh"):
        for heading in parse(file).xpath("//article//h1 | //article//h2"):
            if (
                CJK.search(heading_text(heading))
                and squeeze(heading_text(heading)) not in text
            ):
                problems.append(
                    f"{file.relative_to(built_site)}: {heading_text(heading)!r}"
                )
    assert not problems, "\n".join(problems[:20])


def test_the_en_handout_has_no_missing_glyphs(built_site: Path):
    _, texts = handout(built_site, "en")
    missing = [
        n for n, page in enumerate(texts, 1) if "\x00" in page or "\ufffd" in page
    ]
    assert not missing, f"missing glyphs on pages {missing}"


def link_annotations(reader) -> tuple[list[tuple[int, int]], list[str]]:
    """The internal links (from page, to page, from 0) and the external
    links' URIs."""
    internal, external = [], []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                external.append(str(action["/URI"]))
                continue
            destination = annotation.get("/Dest")
            if action is not None and action.get("/S") == "/GoTo":
                destination = action["/D"]
            if isinstance(destination, str):  # a named destination
                destination = reader.named_destinations[destination]
                target = reader.get_destination_page_number(destination)
            else:
                target = reader.get_page_number(destination[0].get_object())
            internal.append((number, target))
    return internal, external


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_handouts_links_work_inside_and_outside(built_site: Path, lang):
    reader, _ = handout(built_site, lang)
    internal, external = link_annotations(reader)
    assert all(0 <= target < len(reader.pages) for _, target in internal)
    first_page = top_bookmarks(reader)[2][1]  # after the cover and the contents
    contents = {target for source, target in internal if source < first_page}
    assert len(contents) >= 12, "the contents do not link the pages"
    # The pages' own links to each other (and to their sections) lead to
    # another page of the PDF, not to the site.
    between = {(s, t) for s, t in internal if s >= first_page and s != t}
    assert len(between) > 50, f"only {len(between)} links between the pages"
    assert any(uri.startswith("https://docs.python.org/") for uri in external)
    assert any("creativecommons.org/licenses/by-sa/4.0" in uri for uri in external)
    # Downloads point at the site's address, never at the server that printed it.
    files = [u for u in external if u.startswith(site.TEST_URL) and Path(u).suffix]
    assert files, "no link to a file on the site (the notebooks' downloads)"
    local = [u for u in external if "127.0.0.1" in u or "localhost" in u]
    assert not local, local[:5]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_handouts_cover_has_the_title_licence_and_address(built_site: Path, lang):
    _, texts = handout(built_site, lang)
    cover = texts[0]
    home = parse(built_site / handouts.lang_root(lang) / "index.html")
    title = heading_text(
        home.xpath("//div[@class='md-header__topic']//span[@class='md-ellipsis']")[0]
    )
    assert squeeze(title) in squeeze(cover), (title, cover)
    assert "CC BY-SA 4.0" in cover and "MIT" in cover, cover
    assert site.TEST_URL + handouts.lang_root(lang) in cover, cover


def test_every_page_links_the_handout_of_its_language(built_site: Path):
    problems = []
    for page in html_pages(built_site):
        tree = parse(page)
        if page.name == "404.html":
            continue  # served at any depth: a relative link cannot hold there
        if is_embed(page, built_site) or not tree.xpath("//div[@class='md-copyright']"):
            continue  # a redirect or an embed page: no footer
        lang = tree.get("lang")
        where = page.relative_to(built_site)
        links = tree.xpath("//footer//div[@class='ptc-handout-link']/a")
        if len(links) != 1:
            problems.append(f"{where}: {len(links)} handout links")
            continue
        target = (page.parent / links[0].get("href")).resolve()
        if target != (built_site / handouts.PDF[lang]).resolve():
            problems.append(
                f"{where}: links {links[0].get('href')}, not the {lang} PDF"
            )
        if links[0].text_content() != labels.label(lang, "handout.link"):
            problems.append(f"{where}: the link reads {links[0].text_content()!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_offline_bundle_holds_the_handouts(built_site: Path):
    with zipfile.ZipFile(built_site / "ptc-offline.zip") as bundle:
        names = set(bundle.namelist())
    for path in handouts.PDF.values():
        assert f"ptc-offline/site/{path}" in names, path


if __name__ == "__main__" and "--write-urls" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        site.build(Path(tmp))
        urls = public_urls(Path(tmp))
    if PUBLIC_URLS.exists():  # only ever add: a removed URL must fail the test
        kept = PUBLIC_URLS.read_text("utf-8").splitlines()
        urls = sorted(set(urls) | {u for u in kept if u and not u.startswith("#")})
    header = (
        "# Public URLs and anchors (see tests/test_site.py). Never delete a line.\n"
    )
    PUBLIC_URLS.write_text(header + "\n".join(urls) + "\n", "utf-8")
    print(f"wrote {len(urls)} URLs to {PUBLIC_URLS}")
