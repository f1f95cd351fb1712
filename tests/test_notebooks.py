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

import jupytext
import nbformat
import pytest
from lxml import html

from ptc import DOCS, measure, notebooks
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
    assert hrefs == [f"{src.stem}.ipynb", src.name, "_measure.py", DATA.name], hrefs
    ipynb, py, module, data = (resolve(built_site, page, h) for h in hrefs)
    assert data.read_bytes() == DATA.read_bytes()
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
    assert py.read_text("utf-8") == notebooks.download(src)
    assert jupytext.reads(py.read_text("utf-8"), fmt="py:percent").cells
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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_english_notebook_is_its_prose_on_the_one_code(name: str):
    """Only the Chinese source holds code; the English one is its prose, one
    markdown cell for each, so the twins cannot drift apart."""
    zh_src, en_src = source(name, "zh"), source(name, "en")
    prose = jupytext.read(en_src)
    assert {c.cell_type for c in prose.cells} == {"markdown"}, en_src
    zh, en = notebooks.read(zh_src), notebooks.read(en_src)
    assert [c.cell_type for c in zh.cells] == [c.cell_type for c in en.cells]
    for a, b in zip(zh.cells, en.cells, strict=True):
        if a.cell_type == "code":
            assert b.source == a.source.replace('LANG = "zh"', 'LANG = "en"')
    assert 'LANG = "en"' in jupytext.writes(en, fmt="py:percent")


def test_a_notebook_twin_that_drifts_is_refused(tmp_path: Path):
    code = '# %% [markdown]\n# # T\n\n# %%\nLANG = "zh"  # x\n\n# %% [markdown]\n# b\n'
    (tmp_path / "n.py").write_text(code, "utf-8")
    (tmp_path / "n.en.py").write_text("# %% [markdown]\n# # T\n", "utf-8")
    with pytest.raises(notebooks.NotebookError, match="1 markdown cells.*has 2"):
        notebooks.read(tmp_path / "n.en.py")
    (tmp_path / "n.en.py").write_text(
        "# %% [markdown]\n# # T\n\n# %%\nx = 1\n", "utf-8"
    )
    with pytest.raises(notebooks.NotebookError, match="only markdown cells"):
        notebooks.read(tmp_path / "n.en.py")
