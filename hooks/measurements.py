"""Replace `[[m:<key>]]` in a page with a measured figure and its range.

The figures come from docs/data/measurements.json (see hooks/notebooks.py for
how it is produced), so both languages show the same numbers. Each figure links
to the notebook section that measured it. An unknown key stops the build with
the page file and line. Placeholders inside code are left alone.
"""

from __future__ import annotations

import importlib.util
import json
import posixpath
import re
import sys
from pathlib import Path

from fences import inside_fences  # hooks/fences.py
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "data" / "measurements.json"
PLACEHOLDER = re.compile(r"\[\[m:([^\]]*)\]\]")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
TITLE = {
    "zh": "{n} 轮的中位数（括号内为最低–最高）",
    "en": "median of {n} runs (lowest–highest in brackets)",
}


def _measure_module():
    """docs/benchmarks/_measure.py: its formatting is the notebooks' formatting."""
    if "_ptc_measure" not in sys.modules:
        path = ROOT / "docs" / "benchmarks" / "_measure.py"
        spec = importlib.util.spec_from_file_location("_ptc_measure", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["_ptc_measure"] = module
        keep, sys.dont_write_bytecode = (
            sys.dont_write_bytecode,
            True,
        )  # docs/ stays clean
        try:
            spec.loader.exec_module(module)
        finally:
            sys.dont_write_bytecode = keep
    return sys.modules["_ptc_measure"]


def load_figures(path: Path = DATA) -> dict:
    if not path.exists():
        raise PluginError(f"{path.relative_to(ROOT)} is missing: run ./dev measure")
    return json.loads(path.read_text(encoding="utf-8"))["figures"]


def render(key: str, figures: dict, lang: str, page_src: str, where: str) -> str:
    """Markdown for one placeholder: a link with the figure and its range."""
    fig = figures.get(key)
    if fig is None:
        known = ", ".join(sorted(figures))
        raise PluginError(
            f"{where}: unknown measurement key [[m:{key}]]; known keys: {known}"
        )
    text = _measure_module().describe(fig, lang)
    title = TITLE.get(lang, TITLE["en"]).format(n=fig.get("n", "?"))
    if "python" in fig:
        title += f", Python {fig['python']}"
    target = posixpath.relpath(fig["source"], posixpath.dirname(page_src) or ".")
    return f'[{text}]({target}#{fig["anchor"]} "{title}")'


def replace(
    markdown: str, figures: dict, lang: str, page_src: str, source: str = ""
) -> str:
    """Replace every placeholder outside code. `source` is the page file as
    written, to report the right line when other hooks have changed the text."""
    out = []
    lines = markdown.split("\n")
    for line, fenced in zip(lines, inside_fences(lines), strict=True):
        if not fenced and "[[m:" in line:
            pieces, last = [], 0
            for span in CODE_SPAN.finditer(line):  # `[[m:x]]` in code stays as written
                pieces.append(
                    _sub(line[last : span.start()], figures, lang, page_src, source)
                )
                pieces.append(span[0])
                last = span.end()
            pieces.append(_sub(line[last:], figures, lang, page_src, source))
            line = "".join(pieces)
        out.append(line)
    return "\n".join(out)


def _sub(text, figures, lang, page_src, source):
    def one(m):
        lines = source.splitlines()
        lineno = next((i for i, ln in enumerate(lines, 1) if m[0] in ln), "?")
        return render(m[1], figures, lang, page_src, f"docs/{page_src}:{lineno}")

    return PLACEHOLDER.sub(one, text)


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md") or "[[m:" not in markdown:
        return markdown
    lang = getattr(page.file, "locale", None) or config.theme.get("language") or "en"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    return replace(markdown, load_figures(), lang, page.file.src_uri, source)
