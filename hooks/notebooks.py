"""The benchmark notebooks (docs/benchmarks/*.py) as pages in both languages.

Why this hook: mkdocs-static-i18n rebuilds every File in on_files (priority
-100), after mkdocs-jupyter (priority 0) has wrapped the notebooks as pages. A
notebook then is a plain asset again: the raw .py is copied to .../index.html
and `--strict` still passes. At priority -110 this hook turns those files back
into pages, gives them their other-language alternates (language switcher,
sitemap) and renders them itself from an executed copy.

Where the numbers come from:
- `./dev measure` (.venv/bin/python benchmarks/measure.py) measures everything
  once (about 30 s) and rewrites docs/data/measurements.json, the one data file
  that both languages, the notebooks and the [[m:key]] placeholders read.
- Every build executes each notebook against that file (tables and plots only,
  a few seconds each) and keeps the executed notebook in .cache/notebooks/,
  keyed by the notebook, _measure.py and the data file; `mkdocs serve` reuses
  it until one of them changes.
- PTC_EXECUTE_NOTEBOOKS=1 (the publishing build in GitHub Actions) re-measures
  first, like `./dev measure`, then executes every notebook afresh.

Headings in markdown cells carry ids like pages do: `## 创建成本 {#creation}`.
Each page offers the executed .ipynb, the .py source and _measure.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks.notebooks")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "notebooks"
MEASURE = ROOT / "benchmarks" / "measure.py"
EXECUTE = os.environ.get("PTC_EXECUTE_NOTEBOOKS") == "1"
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{#([a-z0-9]+(?:-[a-z0-9]+)*)\})?\s*$")
DOWNLOAD = {
    "zh": (
        "下载",
        "把三个文件放在同一个文件夹里运行；没有数据文件时，笔记本会在你的机器上重新测量。",
    ),
    "en": (
        "Download",
        "Keep the three files in one folder; without the data file, "
        "the notebook measures on your machine.",
    ),
}

# Fresh executions in this build (PTC_EXECUTE_NOTEBOOKS=1), by source path.
_executed: set[str] = set()


class NotebookPage(File):
    """A notebook source that mkdocs must treat as a page."""

    def is_documentation_page(self) -> bool:
        return True


def _plugins(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        raise PluginError(
            "hooks/notebooks.py needs the mkdocs-jupyter plugin in mkdocs.yml"
        )
    return jupyter, config.plugins.get("i18n")


def _as_page(file: File, config) -> None:
    file.__class__ = NotebookPage
    file.__dict__.pop("url", None)  # cached as an asset url (.../index.html)
    file.url = file._get_url(config.use_directory_urls)


@event_priority(-110)
def on_pre_build(config):
    """Re-measure once per build when publishing (both languages share it)."""
    if EXECUTE and not getattr(on_pre_build, "done", False):
        log.info("PTC_EXECUTE_NOTEBOOKS=1: re-measuring with %s", MEASURE.name)
        subprocess.run([sys.executable, str(MEASURE)], check=True, cwd=ROOT)
        on_pre_build.done = True


@event_priority(-110)
def on_files(files, config):
    jupyter, i18n = _plugins(config)
    for file in files:
        if file.is_documentation_page() or not jupyter.should_include(file):
            continue
        _as_page(file, config)
        if i18n is not None and hasattr(file, "norm_src_uri"):
            file.alternates = _alternates(file, i18n, config)
            i18n.i18n_files_per_language.setdefault(i18n.current_language, []).append(
                file
            )
    return files


def _alternates(file, i18n, config):
    """The same notebook in every built language, for the switcher and sitemap."""
    alternates = {}
    norm = Path(file.norm_src_uri)  # benchmarks/costs.py
    for lang in i18n.build_languages:
        if lang == i18n.current_language:
            alternates[lang] = file
            continue
        default = lang == i18n.default_language
        src = norm if default else norm.with_suffix(f".{lang}{norm.suffix}")
        if not (Path(config.docs_dir) / src).is_file():
            continue
        prefix = "" if default else f"{lang}/"
        page = (
            f"{norm.stem}/index.html"
            if config.use_directory_urls
            else f"{norm.stem}.html"
        )
        alt = File(
            src.as_posix(),
            config.docs_dir,
            config.site_dir,
            config.use_directory_urls,
            dest_uri=f"{prefix}{(norm.parent / page).as_posix()}",
        )
        _as_page(alt, config)
        alt.locale = lang
        alternates[lang] = alt
    return alternates


@event_priority(-110)
def on_pre_page(page, config, files):
    if isinstance(page.file, NotebookPage):
        jupyter, _ = _plugins(config)
        page.render = _render.__get__(page)  # replaces mkdocs-jupyter's render
        page.jupyter_config = jupyter.config
    return page


def _headings(src: Path, nb):
    """Turn `## Title {#id}` into HTML headings with ids; return TOC tokens and h1."""
    lines = src.read_text(encoding="utf-8").splitlines()
    tokens, stack, title = [], [], None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        out = []
        for line in cell.source.splitlines():
            m = HEADING.match(line)
            if not m:
                out.append(line)
                continue
            level, text, ident = len(m[1]), m[2], m[3]
            if level == 1:
                title = title or text
                out.append(f"<h1>{html.escape(text)}</h1>\n")
                continue
            if ident is None:
                lineno = next(
                    (i for i, x in enumerate(lines, 1) if x == f"# {line}"), "?"
                )
                raise PluginError(
                    f"{src.relative_to(ROOT)}:{lineno}: heading '{line}' needs an "
                    "explicit ASCII id, like '## 创建成本 {#creation}'"
                )
            out.append(
                f'<h{level} id="{ident}">{html.escape(text)}'
                f'<a class="headerlink" href="#{ident}" title="Permanent link">¶</a>'
                f"</h{level}>\n"
            )
            token = {"level": level, "id": ident, "name": text, "children": []}
            while stack and stack[-1]["level"] >= level:
                stack.pop()
            (stack[-1]["children"] if stack else tokens).append(token)
            stack.append(token)
        cell.source = "\n".join(out)
    return tokens, title


def _key(src: Path) -> str:
    h = hashlib.sha256()
    for path in (
        src,
        src.parent / "_measure.py",
        ROOT / "docs" / "data" / "measurements.json",
    ):
        h.update(path.read_bytes() if path.exists() else b"-")
    h.update(nbformat.__version__.encode())
    return h.hexdigest()[:16]


def _target(src: Path) -> Path:
    return CACHE / f"{src.stem}-{_key(src)}.ipynb"


def _stale(src: Path) -> bool:
    return not _target(src).exists() or (EXECUTE and str(src) not in _executed)


def executed(src: Path) -> Path:
    """Path of the executed notebook for this source, executing it if needed.

    All stale notebooks beside it (both languages) run at once, each in its own
    kernel: the second language's build then finds them done."""
    if _stale(src):
        batch = [
            p
            for p in sorted(src.parent.glob("*.py"))
            if not p.name.startswith("_") and _stale(p)
        ]
        asyncio.run(_execute_all(batch if src in batch else [src, *batch]))
    return _target(src)


async def _execute_all(sources: list[Path]) -> None:
    await asyncio.gather(*(_execute(src) for src in sources))


async def _execute(src: Path) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = jupytext.read(src)
    tokens, title = _headings(src, nb)
    nb.metadata["ptc"] = {"toc": tokens, "title": title}
    log.info("Executing notebook %s", src.relative_to(ROOT))
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ inside docs/
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(src.parent)}},
    )
    try:
        await client.async_execute()
    except CellExecutionError as e:
        raise PluginError(
            f"{src.relative_to(ROOT)}: a cell failed while executing:\n{e}"
        ) from e
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{src.stem}-*.ipynb"):
        old.unlink()
    nbformat.write(nb, _target(src))
    _executed.add(str(src))


def _render(page, config, files):
    from mkdocs_jupyter import convert

    src = Path(page.file.abs_src_path)
    path = executed(src)
    nb = nbformat.read(path, as_version=4)
    c = page.jupyter_config
    body = convert.nb2html(
        str(path),
        execute=False,
        kernel_name=c["kernel_name"],
        theme=c["theme"],
        allow_errors=False,
        show_input=c["show_input"],
        no_input=c["no_input"],
        no_prompt=c["no_prompt"],
        remove_tag_config=c["remove_tag_config"],
        highlight_extra_classes=c["highlight_extra_classes"],
        include_requirejs=c["include_requirejs"],
        custom_mathjax_url=c["custom_mathjax_url"],
    )
    # nb2html appends a Python list repr as CSS for .ipynb input; drop it.
    tail = body.rfind("<style>")
    if tail != -1 and body[tail + len("<style>") :].lstrip().startswith("['"):
        body = body[:tail].rstrip()
    # No math in these notebooks: drop the MathJax loader (an empty <script src="">).
    body = re.sub(
        r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->",
        "",
        body,
        flags=re.S,
    )
    lang = getattr(page.file, "locale", None) or "zh"
    label, hint = DOWNLOAD.get(lang, DOWNLOAD["en"])
    links = " · ".join(
        f'<a href="{html.escape(n)}" download>{html.escape(n)}</a>'
        for n in (f"{src.stem}.ipynb", src.name, "_measure.py")
    )
    bar = (
        f'<p class="ptc-downloads"><strong>{label}:</strong> {links}<br>'
        f"<small>{html.escape(hint)}</small></p>\n"
    )
    page.content = bar + body
    meta = nb.metadata.get("ptc", {})
    page.toc = get_toc(meta.get("toc", []))
    page.present_anchor_ids = set(re.findall(r'\sid="([^"]+)"', page.content))
    if meta.get("title"):
        page.title = meta["title"]


@event_priority(-110)
def on_post_page(output, page, config):
    """Put the executed .ipynb, the .py source and _measure.py next to the page."""
    if isinstance(page.file, NotebookPage):
        src = Path(page.file.abs_src_path)
        here = Path(page.file.abs_dest_path).parent
        here.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed(src), here / f"{src.stem}.ipynb")
        shutil.copyfile(src.parent / "_measure.py", here / "_measure.py")
        shutil.copyfile(src, here / src.name)
    return output
