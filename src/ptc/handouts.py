"""The handouts: the whole note as one PDF per language, written by the build.

`mkdocs build` prints each language's note into the site, as
`ptc-handout-zh.pdf` (zh) and `en/ptc-handout-en.pdf` (en):

- one print page per language holds a cover (title, licence, the site's
  address), a table of contents and the article of every nav page in nav
  order, as the site built it: diagrams (inline SVG), code, expected output,
  the notebooks' figures;
- links between pages become links inside the PDF (`#p-threads--gil`),
  links to other sites stay, and links to files on the site (downloads)
  point at the site's address, or lose their target when the build has no
  address (a local build claims no host);
- Debian's Chromium prints it (Playwright's `page.pdf`): page numbers in the
  footer, bookmarks from the headings, a tagged PDF. Chinese is set in
  Noto Sans CJK (fonts-noto-cjk), which `handout.css` names;
- the contents give each entry's page number. Chromium cannot number pages
  while it lays them out (no `target-counter()`), so `settle` prints twice:
  the first print's named destinations say where each entry's target
  landed, and the second print fills those numbers into slots of a fixed
  width, which move nothing.

Each PDF is kept in `.cache/handouts/` under a hash of what printed it: the
combined HTML, the stylesheets it links, `handout.css`, the print options
and `RENDERER`. A rebuild with no change copies it and starts no browser.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import html
from mkdocs.utils import get_relative_url

from ptc import ROOT, labels
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS

CACHE = ROOT / ".cache" / "handouts"
KEEP = 3  # PDFs kept per language
STYLE = Path(__file__).with_name("handout.css")
# Where each language's PDF lies in the site: stable names, linked from
# every page and from course material.
PDF = {"zh": "ptc-handout-zh.pdf", "en": "en/ptc-handout-en.pdf"}
# Bump when the printing below changes what a PDF looks like.
RENDERER = "ptc.handouts 2"
PRINT_OPTIONS = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
    "print_background": True,
    "display_header_footer": True,
    "outline": True,
    "tagged": True,
}
# A Chinese font the PDF can embed; fonts-noto-cjk installs it.
CJK_FONT = "Noto Sans CJK SC"
EMOJI_FONT = "Noto Color Emoji"  # the pages' 👉; fonts-noto-color-emoji
# Noto CJK draws a Kangxi radical (U+2F00-U+2FDF) or a supplementary radical
# (U+2E80-U+2EFF) with the same glyph as the ideograph, and Skia writes the
# lowest code point of a glyph into the PDF's text map: 用 copied out of the
# PDF came out as ⽤ (U+2F64), which search does not find. `fix_text_map`
# maps them back to the ideographs the font draws them with.
RADICALS = range(0x2E80, 0x2FE0)
# lxml.html reads an SVG link's xlink:href as an attribute of that name.
XLINK_HREF = "xlink:href"
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:
# A contents entry's page number: `combine` writes it empty, `settle` fills it.
PAGE_SLOT = re.compile(
    r'<span class="ptc-handout-pageno" data-for="([^"]*)">[^<]*</span>'
)
PRINTS = 3  # contents whose numbers have not settled by then never will


# Nav pages that are printed on their own, not in the handout: the teacher's
# page holds the exercises' solutions, the worksheet is for handing out.
PRINTED_APART = ("teachers.md", "worksheet.md")


def in_handout(src_uri: str) -> bool:
    """Whether a nav page (its source, `teachers.en.md` too) goes in."""
    return src_uri.replace(".en.md", ".md") not in PRINTED_APART


class HandoutError(RuntimeError):
    """A handout could not be made; the message says what to do."""


@dataclass(frozen=True)
class Page:
    """A nav page as the build wrote it: its URL from the site root
    ("threads/", "en/threads/", "" for the home page) and its nav title."""

    url: str
    title: str


@dataclass(frozen=True)
class Cover:
    title: str
    description: str
    licence: str  # HTML: the site's copyright line, with its links
    site_url: str | None  # the language's address, or None (a local build)


def lang_root(lang: str) -> str:
    return "" if lang == labels.DEFAULT else f"{lang}/"


def link(page_url: str, lang: str) -> str:
    """The relative link from a page to its language's PDF."""
    return get_relative_url(PDF[lang], page_url)


def section_id(page: Page, lang: str) -> str:
    """The id of a page's section in the PDF: p-threads, p-benchmarks-costs."""
    path = page.url.removeprefix(lang_root(lang)).strip("/")
    return "p-" + (path.replace("/", "-") or "home")


def article(page_html: str) -> html.HtmlElement:
    """The <article> of a built page, without its scripts."""
    found = html.fromstring(page_html).xpath("//article")
    if not found:
        raise HandoutError("no <article> in the page")
    node = found[0]
    for script in node.xpath(".//script"):
        script.drop_tree()
    return node


def stylesheets(page_html: str, page_url: str) -> list[str]:
    """The stylesheets a built page links, as paths from the site root."""
    base = "/" + page_url
    return [
        urljoin(base, href).lstrip("/")
        for href in html.fromstring(page_html).xpath(
            "//head/link[@rel='stylesheet']/@href"
        )
    ]


def _in_svg(node) -> bool:
    return any(a.tag == "svg" for a in node.iterancestors())


def _prefix_ids(node, prefix: str) -> set[str]:
    """Give every HTML id under `node` the page's prefix (ids repeat across
    pages: _1, __tabbed_1_1); `for` and `#` links follow. SVG ids stay: the
    diagrams' own styles refer to them, and they are unique already."""
    renamed = set()
    for element in node.iter():
        if not isinstance(element.tag, str) or element.tag == "svg" or _in_svg(element):
            continue
        if element.get("id"):
            renamed.add(element.get("id"))
            element.set("id", f"{prefix}--{element.get('id')}")
    for element in node.iter():
        if isinstance(element.tag, str) and element.get("for") in renamed:
            element.set("for", f"{prefix}--{element.get('for')}")
    return renamed


def _target(
    href: str,
    page: Page,
    sections: dict[str, tuple[str, set[str]]],
    site_url: str | None,
) -> str | None:
    """Where a link of `page` points in the PDF; None: nowhere."""
    if EXTERNAL.match(href):
        return href
    address = urlsplit(urljoin("/" + page.url, href))
    path = address.path.removesuffix("index.html")
    if path in sections:
        section, ids = sections[path]
        if address.fragment in ids:
            return f"#{section}--{address.fragment}"
        return f"#{section}"
    if site_url is None:
        return None
    return urljoin(site_url, address.path.lstrip("/")) + (
        f"#{address.fragment}" if address.fragment else ""
    )


def combine(
    lang: str,
    pages: list[tuple[Page, str]],
    cover: Cover,
    styles: list[str],
) -> str:
    """The print page of one language: cover, contents, then every page's
    article in nav order. `pages` pairs each nav page with its built HTML;
    `styles` are the stylesheets to link, from the site root."""
    if not pages:
        raise HandoutError(f"{lang}: no pages to print")
    articles = []
    sections: dict[str, tuple[str, set[str]]] = {}
    for page, text in pages:
        try:
            node = article(text)
        except HandoutError as bad:
            raise HandoutError(f"{page.url or '/'}: {bad}") from None
        section = section_id(page, lang)
        ids = _prefix_ids(node, section)
        sections["/" + page.url] = (section, ids)
        articles.append((page, section, node))

    site = cover.site_url  # the root of the whole site, for downloads
    if site is not None and lang_root(lang):
        site = site.removesuffix(lang_root(lang))
    body = []
    for page, section, node in articles:
        for anchor in node.iter("a"):
            for attribute in ("href", XLINK_HREF):
                href = anchor.get(attribute)
                if href is None:
                    continue
                target = _target(href, page, sections, site)
                if target is None:
                    del anchor.attrib[attribute]
                else:
                    anchor.set(attribute, target)
        inner = "".join(html.tostring(child, encoding="unicode") for child in node)
        body.append(
            f'<section class="ptc-handout-page md-typeset" id="{section}">'
            f"{node.text or ''}{inner}</section>"
        )
    contents = "".join(
        f"<li>{_entry(section, page.title)}" + _subsections(node, section) + "</li>"
        for page, section, node in articles
    )
    label = lambda key, **values: labels.label(lang, key, **values)  # noqa: E731
    if cover.site_url:
        address = f'<a href="{cover.site_url}">{html_escape(cover.site_url)}</a>'
        where = label("handout.url", url=address)
    else:
        where = label("handout.local")
    head = "".join(f'<link rel="stylesheet" href="/{s}">' for s in styles)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html_escape(cover.title)}</title>{head}"
        f"<style>{STYLE.read_text('utf-8')}</style></head>"
        '<body dir="ltr" class="ptc-handout" data-md-color-scheme="default"'
        ' data-md-color-primary="indigo" data-md-color-accent="indigo">'
        '<section class="ptc-handout-cover md-typeset" id="cover">'
        f"<h1>{html_escape(cover.title)}</h1>"
        f'<p class="ptc-handout-description">{html_escape(cover.description)}</p>'
        f'<p class="ptc-handout-kind">{label("handout.kind")}</p>'
        f'<p class="ptc-handout-where">{where}</p>'
        f'<p class="ptc-handout-licence">{cover.licence}</p>'
        f'<p class="ptc-handout-note">{label("handout.note")}</p>'
        "</section>"
        '<nav class="ptc-handout-contents md-typeset" id="contents">'
        f"<h1>{label('handout.contents')}</h1><ol>{contents}</ol></nav>"
        f"{''.join(body)}</body></html>"
    )


def _subsections(node, section: str) -> str:
    items = []
    for heading in node.iter("h2"):
        if heading.get("id") is None:
            continue
        for permalink in heading.xpath(".//*[contains(@class, 'headerlink')]"):
            permalink.drop_tree()
        text = heading.text_content().strip()
        items.append(f"<li>{_entry(heading.get('id'), text)}</li>")
    return f"<ol>{''.join(items)}</ol>" if items else ""


def _entry(target: str, text: str) -> str:
    """A contents entry: its text, a dotted leader and its page-number slot."""
    return (
        f'<a href="#{target}"><span class="ptc-handout-entry">{html_escape(text)}'
        '</span><span class="ptc-handout-leader"></span>'
        f"{_page_slot(html_escape(target))}</a>"
    )


def _page_slot(target: str, number: int | str = "") -> str:
    """An entry's page-number slot; `target` as written in the attribute.
    PAGE_SLOT reads it back."""
    return f'<span class="ptc-handout-pageno" data-for="{target}">{number}</span>'


def contents_targets(document: str) -> list[str]:
    """The id each contents entry of a combined document leads to, in order."""
    return PAGE_SLOT.findall(document)


def number_contents(document: str, numbers: dict[str, int]) -> str:
    """The document with each contents entry's page number written in."""
    return PAGE_SLOT.sub(
        lambda slot: _page_slot(slot[1], numbers.get(slot[1], "")), document
    )


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of a PDF (an id a link leads to) and the number
    of its page as the footer prints it, from 1."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(name).removeprefix("/"): reader.get_destination_page_number(where) + 1
        for name, where in reader.named_destinations.items()
    }


def settle(document: str, print_once: Callable[[str], bytes]) -> bytes:
    """The PDF of `document` whose contents give the page each entry's
    target is on: printed until the numbers it was given are the pages it
    has (twice, unless writing them in moves a target)."""
    targets = contents_targets(document)
    numbers: dict[str, int] = {}
    moved: list[str] = []
    for _ in range(PRINTS):
        pdf = print_once(number_contents(document, numbers))
        found = destination_pages(pdf)
        missing = [f"#{target}" for target in targets if target not in found]
        if missing:
            raise HandoutError(
                f"{len(missing)} contents entries lead nowhere in the PDF "
                f"(no named destination): {', '.join(missing[:5])}"
            )
        pages = {target: found[target] for target in targets}
        if pages == numbers:
            return pdf
        moved = [
            f"#{t} {numbers[t]} -> {pages[t]}"
            for t in targets
            if t in numbers and numbers[t] != pages[t]
        ]
        numbers = pages
    raise HandoutError(
        f"the contents' page numbers did not settle in {PRINTS} prints; "
        f"writing them in moved {', '.join(moved[:5])}"
    )


def html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def footer(title: str) -> str:
    """Chromium's footer template: the title and the page number."""
    return (
        f'<div style="width:100%;margin:0 16mm;font-size:8px;color:#666;'
        f"font-family:sans-serif,'{CJK_FONT}';display:flex;"
        'justify-content:space-between">'
        f"<span>{html_escape(title)}</span>"
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span>'
        "</span></div>"
    )


def cache_key(document: str, site_dir: Path, styles: list[str], title: str) -> str:
    """What a PDF is kept under: it changes with anything that prints it."""
    digest = hashlib.sha256()
    recipe = [RENDERER, PRINT_OPTIONS, footer(title), CHROMIUM, document]
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    for style in styles:
        digest.update((site_dir / style).read_bytes())
    return digest.hexdigest()[:20]


def cached(lang: str, key: str, cache: Path = CACHE) -> Path:
    return cache / f"handout-{lang}-{key}.pdf"


def prune(lang: str, cache: Path = CACHE, keep: int = KEEP) -> None:
    """Keep the `keep` PDFs of `lang` used last (a build with and one without
    the site's address print different covers: neither evicts the other)."""
    found = sorted(cache.glob(f"handout-{lang}-*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in found[:-keep]:
        old.unlink()


def last_cached(lang: str, cache: Path = CACHE) -> Path | None:
    """The PDF printed last for `lang`, whatever it was printed from."""
    found = sorted(cache.glob(f"handout-{lang}-*.pdf"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def radical_table(font: Path, number: int = 0) -> dict[int, int]:
    """Each radical code point of `font` that shares its glyph with an
    ideograph, and that ideograph."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font, fontNumber=number, lazy=True).getBestCmap()
    by_glyph: dict[str, int] = {}
    for code, glyph in sorted(cmap.items()):
        if code >= 0x3400 and not 0xF900 <= code <= 0xFAFF:
            by_glyph.setdefault(glyph, code)  # the unified ideograph first
    return {
        code: by_glyph[glyph]
        for code, glyph in cmap.items()
        if code in RADICALS and glyph in by_glyph
    }


def cjk_font_file() -> tuple[Path, int]:
    """The file and face number of CJK_FONT, as fontconfig finds it."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", f"{CJK_FONT}:lang=zh"],
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    return Path(found[0]), int(found[1] or 0)


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _units(hex_text: str) -> str:
    data = bytes.fromhex(hex_text)
    return data.decode("utf-16-be", "surrogatepass")


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


def parse_cmap(text: str) -> dict[int, str] | None:
    """A ToUnicode CMap's mappings (code -> text); None if it is not one
    written as bfchar and bfrange sections."""
    mapping: dict[int, str] = {}
    section = None
    for line in text.splitlines():
        words = line.split()
        if words[-1:] in (["beginbfchar"], ["beginbfrange"]):
            section = words[-1]
            continue
        if words[-1:] in (["endbfchar"], ["endbfrange"]):
            section = None
            continue
        if section == "beginbfchar":
            source, target = _HEX.findall(line)
            mapping[int(source, 16)] = _units(target)
        elif section == "beginbfrange":
            codes = _HEX.findall(line)
            low, high = int(codes[0], 16), int(codes[1], 16)
            if "[" in line:
                for code, target in zip(range(low, high + 1), codes[2:], strict=True):
                    mapping[code] = _units(target)
            else:
                first = _units(codes[2])
                for offset, code in enumerate(range(low, high + 1)):
                    mapping[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return mapping


def write_cmap(mapping: dict[int, str], code_bytes: int) -> str:
    """A ToUnicode CMap of bfchar sections (at most 100 lines each)."""
    width = 2 * code_bytes
    items = sorted(mapping.items())
    sections = []
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines = "\n".join(f"<{code:0{width}X}> {_hex(text)}" for code, text in chunk)
        sections.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<<  /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n"
        ">> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<{0:0{width}X}> <{(1 << (8 * code_bytes)) - 1:X}>\n"
        "endcodespacerange\n" + "\n".join(sections) + "\nendcmap\n"
        "CMapName currentdict /CMap defineresource pop\nend\nend\n"
    )


def _text_maps(reader) -> dict[int, object]:
    """The ToUnicode streams of every font the pages use, by object number."""
    found: dict[int, object] = {}
    seen: set[int] = set()

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            reference = font.get_object().get("/ToUnicode")
            if reference is not None:
                found[reference.idnum] = reference
            visit(font.get_object().get("/Resources"))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.idnum not in seen:
                seen.add(xobject.idnum)
                visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def fix_text_map(pdf: bytes, table: dict[int, int]) -> bytes:
    """The PDF with every radical in its fonts' text maps (ToUnicode) put
    back to the ideograph of the same glyph. The new maps are appended as
    an incremental update: the rest (links, bookmarks, tags) stays as
    Chromium wrote it."""
    import io
    import zlib

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    update = []
    for number, reference in sorted(_text_maps(reader).items()):
        text = reference.get_object().get_data().decode("latin-1")
        if not any(int(h, 16) in RADICALS for h in _HEX.findall(text)):
            continue
        mapping = parse_cmap(text)
        fixed = {
            code: "".join(chr(table.get(ord(c), ord(c))) for c in value)
            for code, value in mapping.items()
        }
        if fixed != mapping:
            span = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
            data = zlib.compress(write_cmap(fixed, len(span[1]) // 2).encode())
            update.append((number, reference.generation, data))
    if not update:
        return pdf
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = []
    for number, generation, data in update:
        offsets.append((number, generation, len(out)))
        out += (
            (
                f"{number} {generation} obj\n"
                f"<< /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
            ).encode()
            + data
            + b"\nendstream\nendobj\n"
        )
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number, generation, offset in offsets:
        out += f"{number} 1\n{offset:010d} {generation:05d} n \n".encode()
    trailer = reader.trailer
    keys = "".join(
        f" {key} {trailer.raw_get(key).idnum} {trailer.raw_get(key).generation} R"
        for key in ("/Root", "/Info")
        if key in trailer
    )
    previous = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    out += (
        f"trailer\n<< /Size {trailer['/Size']}{keys} /Prev {previous} >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _check_browser() -> None:
    if not Path(CHROMIUM).exists():
        raise HandoutError(
            f"printing the handouts needs Chromium ({CHROMIUM}) and a CJK font: "
            "apt-get install chromium fonts-noto-cjk (./dev build installs them)"
        )
    fc = shutil.which("fc-list")
    found = (
        fc
        and subprocess.run(
            [fc, f"{CJK_FONT}:lang=zh", "family"], capture_output=True, text=True
        ).stdout.strip()
    )
    if not found:
        raise HandoutError(
            f"printing the handouts needs the font {CJK_FONT}: "
            "apt-get install fonts-noto-cjk (./dev build installs it)"
        )
    emoji = subprocess.run(
        [fc, "--format", "%{family}\n", EMOJI_FONT], capture_output=True, text=True
    ).stdout
    if EMOJI_FONT not in emoji:
        raise HandoutError(
            f"printing the handouts needs the font {EMOJI_FONT} (the pages' emoji): "
            "apt-get install fonts-noto-color-emoji (./dev build installs it)"
        )


def _fulfil_with(document: str):
    def fulfil(route, request) -> None:
        route.fulfill(body=document, content_type="text/html; charset=utf-8")

    return fulfil


def print_pdfs(site_dir: Path, jobs: list[tuple[str, str, str]]) -> list[bytes]:
    """Print each (lang, document, title) in one Chromium session; the
    document is loaded from the site root, served on 127.0.0.1."""
    _check_browser()
    from playwright.sync_api import sync_playwright

    from ptc import site

    printed = []
    with site.serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

        def print_once(lang: str, document: str, title: str) -> bytes:
            page = browser.new_page()
            address = f"{base}__ptc_handout_{lang}.html"
            page.route(address, _fulfil_with(document))
            page.goto(address, wait_until="load")
            page.emulate_media(media="print")
            pdf = page.pdf(
                **PRINT_OPTIONS,
                header_template="<span></span>",
                footer_template=footer(title),
            )
            page.close()
            return pdf

        try:
            for lang, document, title in jobs:
                try:
                    pdf = settle(document, partial(print_once, lang, title=title))
                except HandoutError as bad:
                    raise HandoutError(f"{PDF[lang]}: {bad}") from None
                printed.append(pdf)
        finally:
            browser.close()
    return printed


def write(
    site_dir: Path,
    documents: dict[str, tuple[str, list[str], str]],
    cache: Path = CACHE,
) -> list[Path]:
    """Write each language's PDF into the site, from the cache when its key
    is there, else printed (one browser for all). `documents` maps a
    language to (combined HTML, its stylesheets, its title)."""
    keys = {
        lang: cache_key(document, site_dir, styles, title)
        for lang, (document, styles, title) in documents.items()
    }
    todo = [lang for lang in documents if not cached(lang, keys[lang], cache).exists()]
    if todo:
        printed = print_pdfs(
            site_dir, [(lang, documents[lang][0], documents[lang][2]) for lang in todo]
        )
        radicals = radical_table(*cjk_font_file())
        cache.mkdir(parents=True, exist_ok=True)
        for lang, pdf in zip(todo, printed, strict=True):
            pdf = fix_text_map(pdf, radicals)
            unfinished = cached(lang, keys[lang], cache).with_suffix(".partial")
            unfinished.write_bytes(pdf)
            unfinished.replace(cached(lang, keys[lang], cache))
    written = []
    for lang in documents:
        cached(lang, keys[lang], cache).touch()  # used last: kept longest
        prune(lang, cache)
        target = site_dir / PDF[lang]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached(lang, keys[lang], cache), target)
        written.append(target)
    return written
