"""The benchmark notebooks are real pages in both languages, not the raw source.

mkdocs-jupyter with mkdocs-static-i18n copies the .py to index.html and
`--strict` still passes (FACTS.md); hooks/notebooks.py undoes that. These tests
read the built site as a reader would get it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest
from lxml import html

from ptc import DOCS, measure
from ptc.pages import FIGURES as DATA

BENCH = DOCS / "benchmarks"
NOTEBOOKS = sorted(
    p.stem
    for p in BENCH.glob("*.py")
    if not p.name.startswith("_") and ".en." not in p.name
)
LANGS = {"zh": "", "en": "en/"}  # language -> site prefix


def source(name: str, lang: str) -> Path:
    return BENCH / (f"{name}.py" if lang == "zh" else f"{name}.{lang}.py")


def page_path(site: Path, name: str, lang: str) -> Path:
    return site / f"{LANGS[lang]}benchmarks/{name}/index.html"


def parse(path: Path):
    return html.fromstring(path.read_bytes())


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file that a relative link on a built page points at."""
    base = "/" + page.relative_to(site).as_posix()
    target = urlsplit(urljoin(base, href)).path.lstrip("/")
    path = site / target
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


def test_there_are_notebooks_in_both_languages():
    assert NOTEBOOKS, "no notebooks in docs/benchmarks"
    for name in NOTEBOOKS:
        assert source(name, "en").is_file(), f"{name}.py has no English twin"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_renders_as_a_notebook(built_site: Path, name: str, lang: str):
    path = page_path(built_site, name, lang)
    raw = path.read_text(encoding="utf-8")
    assert not raw.lstrip().startswith("# ---"), f"{path} is the raw .py source"
    assert "# %% [markdown]" not in raw, f"{path} shows jupytext cell markers"
    tree = parse(path)
    assert tree.xpath("string(/html/@lang)") == lang
    assert tree.xpath("//div[contains(@class, 'jupyter-wrapper')]")
    code = tree.xpath("//div[contains(@class, 'jp-CodeCell')]")
    assert len(code) >= 5, f"{path}: only {len(code)} code cells"
    assert "import _measure as m" in code[0].text_content()
    outputs = tree.xpath("//div[contains(@class, 'jp-OutputArea-output')]")
    assert len(outputs) >= 5, f"{path}: only {len(outputs)} outputs"
    svgs = tree.xpath(
        "//div[contains(@class, 'jp-OutputArea-output')]"
        "//img[starts-with(@src, 'data:image/svg+xml')]"
        " | //div[contains(@class, 'jp-OutputArea-output')]//*[local-name()='svg']"
    )
    assert len(svgs) >= 2, f"{path}: {len(svgs)} SVG plots"
    assert not tree.xpath(
        "//*[contains(@class, 'jp-OutputArea-output') and "
        "contains(@data-mime-type, 'error')]"
    ), f"{path}: a cell failed"
    assert "Traceback" not in tree.xpath("string(//article)")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_page_shows_its_environment(built_site: Path, name: str, lang: str):
    env = json.loads(DATA.read_text(encoding="utf-8"))["env"]
    text = parse(page_path(built_site, name, lang)).xpath("string(//article)")
    for value in (env["cpu"], env["python"], env["start_method"], env["measured_at"]):
        assert str(value) in text, f"{name} ({lang}) does not show {value!r}"
    gil = {"zh": {"on": "开启", "off": "关闭"}, "en": {"on": "on", "off": "off"}}
    assert f"GIL{gil[lang][env['gil']]}" in re.sub(r"\s+", "", text)
    assert " / ".join(map(str, env["load_average"])) in text


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_headings_match_across_languages(built_site: Path, name: str):
    ids = {}
    for lang in LANGS:
        tree = parse(page_path(built_site, name, lang))
        ids[lang] = tree.xpath("//article//*[self::h2 or self::h3]/@id")
        toc = tree.xpath("//nav[contains(@class, 'md-nav--secondary')]//a/@href")
        assert {f"#{i}" for i in ids[lang]} <= set(toc), (
            f"{name} ({lang}): TOC misses headings"
        )
    assert ids["zh"] and ids["zh"] == ids["en"]


def test_every_figure_links_to_an_existing_heading(built_site: Path):
    figures = json.loads(DATA.read_text(encoding="utf-8"))["figures"]
    for key, fig in figures.items():
        name = Path(fig["source"]).stem
        for lang in LANGS:
            ids = parse(page_path(built_site, name, lang)).xpath("//@id")
            assert fig["anchor"] in ids, (
                f"{key}: no #{fig['anchor']} on {name} ({lang})"
            )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_language_switcher_links_the_other_notebook(built_site: Path, name: str):
    for lang, other in (("zh", "en"), ("en", "zh")):
        page = page_path(built_site, name, lang)
        hrefs = parse(page).xpath(f"//a[@hreflang='{other}']/@href")
        assert hrefs, f"{page}: no switcher link to {other}"
        assert resolve(built_site, page, hrefs[0]) == page_path(built_site, name, other)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_downloads_are_the_notebook_its_source_and_the_module(
    built_site: Path, name: str, lang: str
):
    page = page_path(built_site, name, lang)
    hrefs = parse(page).xpath("//p[@class='ptc-downloads']//a/@href")
    src = source(name, lang)
    assert hrefs == [f"{src.stem}.ipynb", src.name, "_measure.py"], hrefs
    ipynb, py, module = (resolve(built_site, page, h) for h in hrefs)
    nb = nbformat.read(ipynb, as_version=4)
    nbformat.validate(nb)
    svg = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/svg+xml" in o.get("data", {})
    ]
    assert len(svg) >= 2, f"{ipynb}: the download has no executed plots"
    assert py.read_bytes() == src.read_bytes()
    assert module.read_bytes() == Path(measure.__file__).read_bytes()


@pytest.mark.parametrize("lang", LANGS)
def test_benchmarks_are_in_the_navigation(built_site: Path, lang: str):
    page = built_site / LANGS[lang] / "index.html"
    nav = parse(page).xpath("string(//nav[contains(@class, 'md-nav--primary')])")
    assert {"zh": "基准测试", "en": "Benchmarks"}[lang] in nav
    for name in NOTEBOOKS:
        title = parse(page_path(built_site, name, lang)).xpath("string(//article//h1)")
        assert title.strip() and title.strip() in nav


def test_placeholders_are_replaced_on_every_page(built_site: Path):
    """No `[[m:key]]` is left outside code, and each figure links its notebook."""
    quoted = 0
    for page in built_site.rglob("*.html"):
        tree = parse(page)
        for code in tree.xpath("//code | //pre"):
            code.drop_tree()
        text = tree.xpath("string(//body)")
        assert "[[m:" not in text, (
            f"{page.relative_to(built_site)} shows a raw placeholder"
        )
        for href in tree.xpath("//article//a/@href"):
            if re.search(r"benchmarks/\w+/#[a-z-]+$", href):
                target = resolve(built_site, page, href.split("#")[0])
                assert target.is_file(), f"{page}: {href} is broken"
                quoted += 1
    assert quoted, "no page quotes a measured figure"


# Code cells that differ only in this line are the same code.
LANGUAGE_LINE = re.compile(r'^LANG = "(zh|en)"  # .*$', re.M)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_notebook_twins_share_their_code(name: str):
    """zh and en notebooks run the same code; only their prose differs."""
    import jupytext

    zh, en = (jupytext.read(source(name, lang)) for lang in LANGS)
    code = {
        lang: [c.source for c in nb.cells if c.cell_type == "code"]
        for lang, nb in (("zh", zh), ("en", en))
    }
    for lang, cells in code.items():
        declared = [m[1] for c in cells for m in LANGUAGE_LINE.finditer(c)]
        assert declared == [lang], f"{source(name, lang)}: LANG lines {declared}"
    same = [LANGUAGE_LINE.sub('LANG = "…"', "\n\n".join(code[lang])) for lang in LANGS]
    assert same[0] == same[1], (
        f"{source(name, 'zh').name} and {source(name, 'en').name}: code cells differ"
    )
    markdown = [sum(c.cell_type == "markdown" for c in nb.cells) for nb in (zh, en)]
    assert markdown[0] == markdown[1], f"{name}: markdown cells {markdown}"
