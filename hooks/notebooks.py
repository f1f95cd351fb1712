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
- The notebooks `import _measure`: the measuring code is ptc.measure
  (src/ptc/measure.py), which the kernel finds as `_measure` in
  .cache/notebooks/lib/ and which each notebook page offers as _measure.py.
- Every build executes each notebook against that file (tables and plots only,
  a few seconds each) and keeps the executed notebook in .cache/notebooks/,
  keyed by the notebook, the measuring code and the data file; `mkdocs serve`
  reuses it until one of them changes.
- PTC_EXECUTE_NOTEBOOKS=1 (the publishing build in GitHub Actions) re-measures
  first, like `./dev measure`, then executes every notebook afresh.

Headings in markdown cells carry ids like pages do: `## 创建成本 {#creation}`.
Each page offers the executed .ipynb, the .py source, _measure.py and
measurements.json: with it the downloads show the site's figures, without
it they measure on the reader's machine.
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

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from ptc import ROOT, labels, measure, notebooks, pages

log = logging.getLogger("mkdocs.hooks.notebooks")

CACHE = ROOT / ".cache" / "notebooks"
MEASURE_SCRIPT = ROOT / "benchmarks" / "measure.py"
MEASURE_CODE = Path(measure.__file__)  # downloads and imports as _measure.py
EXECUTE = os.environ.get("PTC_EXECUTE_NOTEBOOKS") == "1"

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
        log.info("PTC_EXECUTE_NOTEBOOKS=1: re-measuring with %s", MEASURE_SCRIPT.name)
        subprocess.run([sys.executable, str(MEASURE_SCRIPT)], check=True, cwd=ROOT)
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


def _key(src: Path) -> str:
    h = hashlib.sha256()
    for path in (src, notebooks.code_source(src), MEASURE_CODE, pages.FIGURES):
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
    # The kernels (and the processes they start) import the measuring code as
    # _measure and read the site's data file.
    lib = CACHE / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MEASURE_CODE, lib / "_measure.py")
    kernel_env = {
        "PYTHONPATH": str(lib),
        "PTC_MEASUREMENTS": str(pages.FIGURES),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    saved = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    try:
        await asyncio.gather(*(_execute(src) for src in sources))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def _execute(src: Path) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    try:
        nb = notebooks.read(src)
        tokens, title = notebooks.headings(src, nb, labels.source_language(src.name))
    except notebooks.NotebookError as broken:
        raise PluginError(str(broken)) from None
    nb.metadata["ptc"] = {"toc": tokens, "title": title}
    log.info("Executing notebook %s", src.relative_to(ROOT))
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
    lang = labels.page_language(page, config)
    label = labels.label(lang, "notebook.download")
    hint = labels.label(lang, "notebook.hint", py=src.name)
    links = " · ".join(
        f'<a href="{html.escape(n)}" download>{html.escape(n)}</a>'
        for n in (f"{src.stem}.ipynb", src.name, "_measure.py", pages.FIGURES.name)
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
    """Put the executed .ipynb, the .py source, _measure.py and the site's
    measurements.json next to the page."""
    if isinstance(page.file, NotebookPage):
        src = Path(page.file.abs_src_path)
        here = Path(page.file.abs_dest_path).parent
        here.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed(src), here / f"{src.stem}.ipynb")
        shutil.copyfile(MEASURE_CODE, here / "_measure.py")
        shutil.copyfile(pages.FIGURES, here / pages.FIGURES.name)
        (here / src.name).write_text(notebooks.download(src), encoding="utf-8")
    return output
