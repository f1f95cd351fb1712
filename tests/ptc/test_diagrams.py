"""ptc.diagrams: mermaid fences drawn at build time, kept by the hash of
what draws them, inlined with links for the page's language."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree

from ptc import DOCS, ROOT, diagrams
from ptc.diagrams import SVG_NS, Diagram

BROKEN = "flowchart LR\n    A --> B\n    B -->"  # mermaid stops on its line 3


def test_find_names_each_fence_by_file_and_opening_line():
    text = "# Title\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```py\nx\n```\n"
    found = diagrams.find(text, "docs/x.md")
    assert found == [Diagram("flowchart LR\n  A --> B", "docs/x.md", 3)]
    assert found[0].where() == "docs/x.md:3"
    assert found[0].where(2) == "docs/x.md:5"


def test_a_drawing_is_kept_under_what_draws_it(monkeypatch):
    one = diagrams.key("flowchart LR\n  A --> B")
    assert diagrams.key("\nflowchart LR\n  A --> B\n") == one
    assert diagrams.key("flowchart LR\n  A --> C") != one
    monkeypatch.setattr(diagrams, "RENDERER", "something else")
    assert diagrams.key("flowchart LR\n  A --> B") != one
    monkeypatch.undo()
    monkeypatch.setattr(diagrams, "mermaid_version", lambda: "0.0.1")
    assert diagrams.key("flowchart LR\n  A --> B") != one


def test_the_committed_drawings_are_exactly_those_of_the_pages():
    """A fresh machine builds without a browser only when every diagram is
    drawn; a drawing no page uses is dead weight."""
    wanted = {d.key: d for d in diagrams.find_in()}
    kept = {p.stem for p in diagrams.CACHE.glob("*.svg")}
    missing = [d.where() for k, d in wanted.items() if k not in kept]
    unused = sorted(kept - set(wanted))
    assert not missing and not unused, (
        f"not drawn: {missing}; unused: {unused}. Run ./dev fix-docs "
        "(python -m ptc.diagrams update)"
    )


def test_node_modules_has_the_mermaid_that_package_json_pins():
    import json

    installed = ROOT / "node_modules" / "mermaid" / "package.json"
    if not installed.exists():
        pytest.skip("node_modules is not installed")
    assert json.loads(installed.read_text())["version"] == diagrams.mermaid_version()


@pytest.mark.parametrize(
    ("target", "lang", "page_url", "href"),
    [
        ("threads.md", "zh", "", "threads/"),
        ("threads.md", "en", "en/", "threads/"),
        ("threads.md#gil", "en", "en/coroutines/", "../threads/#gil"),
        ("index.md", "zh", "", "./"),
        ("index.md", "en", "en/", "./"),
        ("index.md", "zh", "threads/", "../"),
        ("benchmarks/costs.py", "en", "en/", "benchmarks/costs/"),
        ("benchmarks/costs.py", "zh", "threads/", "../benchmarks/costs/"),
        ("nowhere.md", "zh", "", None),
        ("https://example.org/", "zh", "", None),
        ("javascript:alert(1)", "zh", "", None),
    ],
)
def test_a_box_links_to_a_page_in_the_pages_language(target, lang, page_url, href):
    assert diagrams.page_href(target, lang, page_url) == href


def home_drawing(lang: str) -> str:
    name = "index.md" if lang == "zh" else "index.en.md"
    (home,) = diagrams.find((DOCS / name).read_text("utf-8"), f"docs/{name}")
    return diagrams.read(home.key)


def nodes(root):
    return root.iterfind(f".//{{{SVG_NS}}}g[@class]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_box_of_the_site_map_links_to_its_page(lang):
    page_url = "" if lang == "zh" else "en/"
    shown = diagrams.inline(
        home_drawing(lang), lang=lang, page_url=page_url, where="docs/index.md"
    )
    root = etree.fromstring(shown.split(">", 1)[1].rsplit("</div>", 1)[0])
    boxes = [g for g in nodes(root) if "node" in g.get("class").split()]
    assert len(boxes) == 11
    for box in boxes:
        link = box.getparent()
        assert etree.QName(link).localname == "a", box.get("id")
        assert not link.get("href").startswith(("/", "http")), link.get("href")
    assert root.get("role") == "group"  # links inside role=img would be hidden
    assert root.get("aria-label")


def test_a_diagram_without_links_is_one_image_named_by_its_labels():
    svg = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 320 100" width="100%">'
        "<g><text>事件循环</text></g>"
        "<g><text>任务 A</text><text>事件循环</text></g></svg>"
    )
    shown = diagrams.inline(svg, lang="zh", page_url="", where="docs/x.md:1")
    root = etree.fromstring(shown.split(">", 1)[1].rsplit("</div>", 1)[0])
    assert root.get("role") == "img"
    assert root.get("aria-label") == "图：事件循环、任务 A"
    assert "--ptc-min-width: 221px" in root.get("style")  # 11 px labels
    assert 'tabindex="0"' in shown  # it may scroll, so the keyboard reaches it


def test_the_text_of_a_diagram_reads_as_words_for_search_and_copy():
    svg = (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 320 100">'
        "<g><text>release the GIL</text><text>yes</text></g>"
        '<g><text><tspan x="0">separate deployment or</tspan>'
        '<tspan x="0" dy="1em">different</tspan></text></g>'
        "<g><text><tspan>waiting </tspan><tspan>for</tspan></text></g></svg>"
    )
    shown = diagrams.inline(svg, lang="en", page_url="", where="docs/x.md:1")
    text = etree.fromstring(shown.split(">", 1)[1].rsplit("</div>", 1)[0])
    words = "".join(text.itertext())
    assert " ".join(words.split()) == (
        "release the GIL yes separate deployment or different waiting for"
    )
    assert "waiting  for" not in words  # no doubled space inside a line


def test_a_link_out_of_the_site_stops_the_build():
    svg = (
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 10 10"><a xlink:href="https://example.org/"><text>x</text>'
        "</a></svg>"
    )
    with pytest.raises(diagrams.DiagramError, match=r"docs/x\.md:4: .*example\.org"):
        diagrams.inline(svg, lang="zh", page_url="", where="docs/x.md:4")


@pytest.mark.browser
def test_a_diagram_mermaid_refuses_names_its_file_and_line(tmp_path):
    ok = Diagram("flowchart LR\n    A --> B", "docs/a.md", 3)
    broken = Diagram(BROKEN, "docs/b.md", 10)  # the fence; its line 3 is 13
    with pytest.raises(diagrams.DiagramError, match=r"^docs/b\.md:13: mermaid"):
        diagrams.prepare([ok, broken], cache=tmp_path)
    assert not list(tmp_path.glob("*.svg")), "nothing is kept from a failed draw"


@pytest.mark.browser
def test_labels_are_svg_text_coloured_by_the_page(tmp_path):
    diagram = Diagram(
        'flowchart LR\n    A["事件循环"] -->|"发出请求"| B["任务 A"]', "x", 1
    )
    diagrams.prepare([diagram], cache=tmp_path)
    svg = diagrams.read(diagram.key, tmp_path)
    root = etree.fromstring(svg)
    assert "foreignObject" not in svg
    texts = ["".join(t.itertext()) for t in root.iter(f"{{{SVG_NS}}}text")]
    assert {"事件循环", "发出请求", "任务 A"} <= set(texts)
    assert "var(--md-mermaid-node-bg-color)" in svg  # Material's palette
    assert "data-points" not in svg
    # Every reference points at something that is there.
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for element in root.iter():
        for value in element.attrib.values():
            if value.startswith("url(#"):
                assert value[5:-1] in ids, value


@pytest.mark.browser
def test_the_build_stops_at_a_broken_diagram_naming_file_and_line(tmp_path):
    (tmp_path / "docs").mkdir()
    page = "# A page\n\nSome text.\n\n```mermaid\n" + BROKEN + "\n```\n"
    (tmp_path / "docs" / "index.md").write_text(page, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: t
            markdown_extensions:
              - pymdownx.superfences:
                  custom_fences:
                    - name: mermaid
                      class: mermaid
                      format: !!python/name:ptc.diagrams.fence_format
            hooks:
              - {ROOT / "hooks" / "diagrams.py"}
            """
        ),
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "docs/index.md:8: mermaid cannot draw this diagram" in result.stderr, (
        result.stderr
    )


def test_the_hook_and_the_page_css_are_in_the_build_config():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "hooks/diagrams.py" in config
    assert "format: !!python/name:ptc.diagrams.fence_format" in config
    assert "assets/diagrams.css" in config
    assert "mermaid.min.js" not in config
    assert Path(ROOT / "web" / "diagrams.css").exists()


@pytest.mark.parametrize(
    ("source", "reported", "line"),
    [
        ("flowchart LR\n    A --> B -->>> C\n    B --> C", 2, 12),
        (BROKEN, 4, 13),  # at the end: mermaid names the line after the last
        ("---\nconfig:\n  flowchart:\n    padding: 4\n---\n" + BROKEN, 4, 18),
    ],
)
def test_a_refusal_is_placed_on_the_page_line(source, reported, line):
    message = diagrams._refusal(
        Diagram(source, "docs/x.md", 10), f"Parse error on line {reported}:\n..."
    )
    assert message.startswith(f"docs/x.md:{line}: mermaid cannot draw this diagram")
