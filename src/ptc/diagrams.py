"""Mermaid diagrams drawn at build time, inlined into the page as SVG.

A ```` ```mermaid ```` fence in a page stays the one source of its diagram.
The build draws it with real mermaid (the version package.json pins) in
Debian's Chromium, driven by Playwright, with labels as SVG `<text>`: they
stay selectable, found by Ctrl+F and by the site search, in the page's
language. No page loads mermaid at run time.

- Colours come from `diagram_theme.css` (Material's mermaid theme), which
  refers to Material's CSS variables, so a diagram follows the palette toggle
  without being drawn again.
- Each drawing is kept in `diagrams/<key>.svg`, committed, where the key is a
  hash of the source, the mermaid version, the configuration and this
  module's post-processing (`RENDERER`). A build whose diagrams are all there
  needs no browser: only a new or changed diagram starts Chromium, once for
  all of them (about 3 s, then some 50 ms a diagram).
- A diagram mermaid refuses stops the build with the page file and line.
- `click NODE href "page.md"` lines make a box a link to that page: the
  link is written for the page's language, relative, so it works under /en/
  and on any host. Only links to pages in docs/ are accepted.

    python -m ptc.diagrams missing   exit 1, listing the diagrams not drawn yet
    python -m ptc.diagrams update    draw what is missing, drop unused drawings
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from mkdocs.utils import get_relative_url

from ptc import DOCS, ROOT, labels
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS
from ptc.fences import find_fences

CACHE = ROOT / "diagrams"
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
THEME_CSS = Path(__file__).with_name("diagram_theme.css")
# Bump when the post-processing below changes what a drawing looks like.
RENDERER = "ptc.diagrams 2"
# Material's text font with `theme.font: false`: the labels are measured in
# this stack at build time, and drawn in the page's own font.
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
# The smallest label size on a phone or tablet: there a diagram never shrinks
# below this, it scrolls sideways instead (web/diagrams.css reads the width
# this gives from --ptc-min-width). Labels are drawn at 16 px.
MIN_LABEL_PX = 11
LABEL_PX = 16

SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK}}}href"
PLACEHOLDER = re.compile(r'<div class="ptc-diagram" data-ptc-diagram="(\w+)"></div>')
PAGE_LINK = re.compile(r"^(?P<path>[\w./-]+\.(?:md|py))(?P<anchor>#[\w-]+)?$")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class DiagramError(RuntimeError):
    """A diagram could not be drawn or placed; the message names file:line."""


def mermaid_version() -> str:
    """The mermaid version package.json pins (npm ci installs exactly it)."""
    return json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"][
        "mermaid"
    ]


def mermaid_config() -> dict:
    """mermaid.initialize() options: Material's, with labels as SVG text."""
    return {
        "startOnLoad": False,
        "securityLevel": "strict",
        "htmlLabels": False,
        "flowchart": {"htmlLabels": False},
        "fontFamily": FONT,
        "themeCSS": THEME_CSS.read_text("utf-8"),
        # Material's sizes (16 px everywhere, as the flowcharts).
        "sequence": {
            "actorFontSize": "16px",
            "messageFontSize": "16px",
            "noteFontSize": "16px",
        },
    }


def normalise(source: str) -> str:
    return source.strip("\n")


def key(source: str) -> str:
    """What a drawing is kept under: it changes with anything that changes it."""
    recipe = [normalise(source), mermaid_version(), mermaid_config(), RENDERER]
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Diagram:
    source: str
    file: str  # as the build error names it: docs/threads.md
    line: int  # the line of the opening fence, from 1

    @property
    def key(self) -> str:
        return key(self.source)

    def where(self, source_line: int = 0) -> str:
        """file:line, of the fence or of a line of the diagram (from 1)."""
        return f"{self.file}:{self.line + source_line}"


def find(text: str, file: str) -> list[Diagram]:
    """The mermaid fences of a Markdown text, in order."""
    lines = text.split("\n")
    return [
        Diagram(normalise(fence.body(lines)), file, fence.start + 1)
        for fence in find_fences(lines)
        if fence.lang == "mermaid"
    ]


def find_in(docs: Path = DOCS) -> list[Diagram]:
    """Every diagram of every page under `docs`."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        name = page.relative_to(docs.parent).as_posix()
        found += find(page.read_text("utf-8"), name)
    return found


def missing(diagrams: Iterable[Diagram], cache: Path = CACHE) -> list[Diagram]:
    return [d for d in diagrams if not (cache / f"{d.key}.svg").exists()]


def prepare(diagrams: Iterable[Diagram], cache: Path = CACHE) -> None:
    """Draw every diagram not in the cache yet, in one browser session."""
    todo = list({d.key: d for d in missing(diagrams, cache)}.values())
    if not todo:
        return
    drawings = draw(todo)
    cache.mkdir(parents=True, exist_ok=True)
    for diagram, svg in zip(todo, drawings, strict=True):
        path = cache / f"{diagram.key}.svg"
        path.with_suffix(".tmp").write_text(svg, "utf-8")
        path.with_suffix(".tmp").replace(path)


def prune(diagrams: Iterable[Diagram], cache: Path = CACHE) -> list[Path]:
    """Remove drawings no page uses any more; the removed files."""
    used = {f"{d.key}.svg" for d in diagrams}
    gone = [p for p in sorted(cache.glob("*.svg")) if p.name not in used]
    for path in gone:
        path.unlink()
    return gone


def _fonts_for(diagrams: list[Diagram]) -> None:
    if not any(CJK.search(d.source) for d in diagrams):
        return
    fc = shutil.which("fc-list")
    found = (
        fc
        and subprocess.run(
            [fc, ":lang=zh", "family"], capture_output=True, text=True
        ).stdout.strip()
    )
    if not found:
        raise DiagramError(
            f"{diagrams[0].where()}: drawing Chinese labels needs a CJK font, "
            "or the boxes are measured wrong: apt-get install fonts-noto-cjk "
            "(./dev build and ./dev serve install it)"
        )


# Runs in the page: draws one diagram, keeps only the style rules that
# apply to it (mermaid writes every rule of its diagram type, and the theme
# has rules for every type), and serialises it as XML. Returns the SVG, or
# mermaid's error message.
_RENDER_JS = """async ([id, source]) => {
  const STATES = /:(hover|focus-visible|focus|active)\\b/g;  // they apply later
  let svg;
  try {
    svg = (await mermaid.render(id, source)).svg;
  } catch (error) {
    document.getElementById("d" + id)?.remove();
    return {error: String(error && error.message || error)};
  }
  const box = document.createElement("div");
  box.innerHTML = svg;
  document.body.append(box);
  const drawing = box.querySelector("svg");
  for (const style of drawing.querySelectorAll("style")) {
    const kept = [];
    for (const rule of style.sheet.cssRules) {
      if (!(rule instanceof CSSStyleRule)) continue;  // mermaid's @keyframes
      const plain = rule.selectorText.replace(STATES, "");
      let used = true;
      try {
        used = drawing.matches(plain) || drawing.querySelector(plain) !== null;
      } catch {}
      if (used) kept.push(rule.cssText);
    }
    style.textContent = kept.join("");
  }
  const xml = new XMLSerializer().serializeToString(drawing);
  box.remove();
  return {svg: xml};
}"""


def draw(diagrams: list[Diagram]) -> list[str]:
    """Draw each diagram with mermaid in Chromium; DiagramError names the
    file and line of the first one mermaid refuses."""
    if not diagrams:
        return []
    first = diagrams[0].where()
    if not Path(CHROMIUM).exists():
        raise DiagramError(
            f"{first}: this diagram is new or changed, and drawing it needs "
            f"Chromium ({CHROMIUM}): ./dev build and ./dev serve install it "
            "(apt-get install chromium fonts-noto-cjk)"
        )
    if not MERMAID_JS.exists():
        raise DiagramError(f"{first}: {MERMAID_JS} is missing: run npm ci")
    _fonts_for(diagrams)
    from playwright.sync_api import sync_playwright

    drawn = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content("<!doctype html><meta charset=utf-8><body></body>")
            page.add_script_tag(path=str(MERMAID_JS))
            page.evaluate("config => mermaid.initialize(config)", mermaid_config())
            for diagram in diagrams:
                result = page.evaluate(
                    _RENDER_JS, [f"ptc-{diagram.key[:8]}", diagram.source]
                )
                if "error" in result:
                    raise DiagramError(_refusal(diagram, result["error"]))
                drawn.append(clean(result["svg"]))
        finally:
            browser.close()
    return drawn


def _refusal(diagram: Diagram, message: str) -> str:
    """mermaid's message, at the page line it names ("on line 3").

    mermaid counts lines after the front matter it strips (`---` … `---`),
    and an error at the end of the text is on the line after the last."""
    on_line = re.search(r"on line (\d+)", message)
    where = diagram.where()
    if on_line:
        lines = diagram.source.split("\n")
        skipped = 0
        if lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
            skipped = [line.strip() for line in lines].index("---", 1) + 1
        where = diagram.where(min(int(on_line[1]) + skipped, len(lines)))
    return f"{where}: mermaid cannot draw this diagram: {message.strip()}"


# Attributes mermaid writes for its own interactivity; the page has no use.
_DROP_ATTRIBUTES = ("data-points", "data-et", "data-edge", "data-id", "data-look")
_DEFINITIONS = ("marker", "symbol", "filter", "linearGradient", "radialGradient")


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def clean(svg: str) -> str:
    """mermaid's SVG without what the page never uses: its run-time data
    attributes, and markers, symbols and filters nothing refers to."""
    if "xlink:" in svg and "xmlns:xlink" not in svg:  # mermaid's links omit it
        svg = svg.replace(
            "<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ', 1
        )
    root = etree.fromstring(svg.encode("utf-8"))
    for element in root.iter():
        for name in _DROP_ATTRIBUTES:
            element.attrib.pop(name, None)
    references = etree.tostring(root, encoding="unicode")
    for element in list(root.iter()):
        if _local(element) in _DEFINITIONS:
            ident = element.get("id")
            rest = references.replace(f'id="{ident}"', "")
            if ident and f"#{ident}" not in rest:
                element.getparent().remove(element)
    for element in list(root.iter()):
        if _local(element) == "defs" and len(element) == 0:
            element.getparent().remove(element)
    root.attrib.pop("aria-roledescription", None)
    return etree.tostring(root, encoding="unicode")


def read(diagram_key: str, cache: Path = CACHE) -> str:
    return (cache / f"{diagram_key}.svg").read_text("utf-8")


def fence_format(source, language, class_name, options, md, **kwargs) -> str:
    """pymdownx.superfences' formatter for ```mermaid: a placeholder that
    hooks/diagrams.py replaces with the drawing."""
    return f'<div class="ptc-diagram" data-ptc-diagram="{key(source)}"></div>'


def _texts(root) -> list[str]:
    """The labels, in drawing order, each once."""
    seen: dict[str, None] = {}
    for element in root.iter(f"{{{SVG_NS}}}text"):
        text = " ".join("".join(element.itertext()).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


def page_href(target: str, lang: str, page_url: str, docs: Path = DOCS) -> str | None:
    """The relative URL, from the page at `page_url`, of the page in docs/
    that `target` names ("threads.md#gil", "benchmarks/costs.py"), in the
    language `lang`; None when it names no page."""
    link = PAGE_LINK.match(target)
    if not link or not (docs / link["path"]).is_file():
        return None
    path = link["path"].rsplit(".", 1)[0]
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    root = "" if lang == labels.DEFAULT else f"{lang}/"
    href = get_relative_url(root + path, page_url)
    href = href if href.endswith("/") else href + "/"
    return href + (link["anchor"] or "")


def inline(svg: str, *, lang: str, page_url: str, where: str) -> str:
    """The drawing as the page shows it: links for the page's language, a
    name for screen readers, a size that keeps labels readable."""
    root = etree.fromstring(svg.encode("utf-8"))
    links = [e for e in root.iter(f"{{{SVG_NS}}}a")]
    for link in links:
        target = link.attrib.pop(XLINK_HREF, None) or link.get("href")
        if target is None:
            continue  # mermaid dropped a link it found unsafe: a plain box
        href = page_href(target, lang, page_url)
        if href is None:
            raise DiagramError(
                f"{where}: click … href {target!r}: a diagram links only to a "
                "page in docs/ (page.md, page.md#anchor)"
            )
        link.set("href", href)
        link.set("class", "ptc-diagram-link")
        link.attrib.pop("target", None)
    if root.find(f"{{{SVG_NS}}}title") is None:  # mermaid writes accTitle there
        name = labels.label(
            lang,
            "diagram.name",
            labels=labels.label(lang, "diagram.separator").join(_texts(root)),
        )
        root.set("aria-label", name)
    # Whitespace between labels, and between the lines of one, so the
    # page's text (search, copy) reads "release the GIL yes", not "GILyes".
    for element in root.iter(f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}tspan"):
        if _local(element) == "text":
            element.tail = (element.tail or "") + "\n"
        elif (after := element.getnext()) is not None and _local(after) == "tspan":
            before_text = "".join(element.itertext()) + (element.tail or "")
            if (
                not before_text[-1:].isspace()
                and not "".join(after.itertext())[:1].isspace()
            ):
                element.tail = (element.tail or "") + " "
    # A diagram of links is a group, so the links stay reachable; any other
    # is one image, named by its labels.
    root.set("role", "group" if links else "img")
    viewbox = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    width = viewbox[2]
    root.attrib.pop("width", None)
    root.set(
        "style",
        f"max-width: {width:.0f}px; "
        # One pixel more: the height, from the aspect ratio, is rounded.
        f"--ptc-min-width: {math.ceil(width * MIN_LABEL_PX / LABEL_PX) + 1}px",
    )
    svg = etree.tostring(root, encoding="unicode")
    svg = svg.replace(f' xmlns:xlink="{XLINK}"', "")
    scroll = "" if links else ' tabindex="0"'
    return f'<div class="ptc-diagram"{scroll}>{svg}</div>'


def fill(content: str, *, lang: str, page_url: str, source: Path, name: str) -> str:
    """Replace each placeholder in a page's HTML with its drawing; `source`
    is the page's Markdown file, `name` what an error calls it."""
    where = {d.key: d.where() for d in find(source.read_text("utf-8"), name)}

    def drawing(match: re.Match) -> str:
        path = CACHE / f"{match[1]}.svg"
        place = where.get(match[1], name)
        if not path.exists():
            raise DiagramError(f"{place}: this diagram was not drawn")
        return inline(
            path.read_text("utf-8"), lang=lang, page_url=page_url, where=place
        )

    return PLACEHOLDER.sub(drawing, content)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    diagrams = find_in()
    if command == "missing":
        todo = missing(diagrams)
        for diagram in todo:
            print(f"{diagram.where()}: not drawn yet")
        return 1 if todo else 0
    if command == "update":
        try:
            prepare(diagrams)
        except DiagramError as refused:
            print(refused, file=sys.stderr)
            return 1
        for path in prune(diagrams):
            print(f"removed {path.relative_to(ROOT)}: no page uses it")
        return 0
    print(__doc__.split("\n\n")[-1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
