"""The benchmark notebooks' sources: one code, two proses, and their headings.

`docs/benchmarks/costs.py` (jupytext percent format) is the whole Chinese
notebook, code included. `costs.en.py` holds only the English markdown
cells, in the same order: `read()` puts them in place of the Chinese ones,
so the code exists once and the twins cannot drift. The one code line that
follows the language is `LANG = "zh"`, which becomes `LANG = "en"`.

Headings in markdown cells carry ids, as on the pages: `## 创建成本
{#creation}` becomes `<h2 id="creation">`, and the ids make the page's table
of contents (hooks/notebooks.py).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jupytext

from ptc import ROOT, labels

LANGUAGE_LINE = re.compile(r'^LANG = "(\w+)"(?P<rest>.*)$', re.M)


class NotebookError(ValueError):
    """A notebook source that breaks the rules above; names the file."""


def shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def code_source(src: Path) -> Path:
    """The file that holds the code: the default language's notebook."""
    lang = labels.source_language(src.name)
    if lang == labels.DEFAULT:
        return src
    return src.with_name(src.name.replace(f".{lang}.py", ".py"))


def read(src: Path):
    """The notebook `src` stands for, code included, in its own language."""
    lang = labels.source_language(src.name)
    code = jupytext.read(code_source(src))
    declared = [
        m[1]
        for c in code.cells
        if c.cell_type == "code"
        for m in LANGUAGE_LINE.finditer(c.source)
    ]
    if declared != [labels.DEFAULT]:
        raise NotebookError(
            f"{shown(code_source(src))}: needs one code line "
            f'LANG = "{labels.DEFAULT}", found {declared}'
        )
    if src == code_source(src):
        return code
    prose = jupytext.read(src)
    if any(c.cell_type != "markdown" for c in prose.cells):
        raise NotebookError(
            f"{shown(src)}: only markdown cells here; the code lives in "
            f"{code_source(src).name}"
        )
    slots = [i for i, c in enumerate(code.cells) if c.cell_type == "markdown"]
    if len(slots) != len(prose.cells):
        raise NotebookError(
            f"{shown(src)} has {len(prose.cells)} markdown cells, "
            f"{code_source(src).name} has {len(slots)}: they must match one to one"
        )
    for i, cell in zip(slots, prose.cells, strict=True):
        code.cells[i] = cell
    for cell in code.cells:
        if cell.cell_type == "code":
            cell.source = LANGUAGE_LINE.sub(rf'LANG = "{lang}"\g<rest>', cell.source)
    return code


def download(src: Path) -> str:
    """The .py a reader downloads: the whole notebook, runnable on its own."""
    if src == code_source(src):
        return src.read_text(encoding="utf-8")
    return jupytext.writes(read(src), fmt="py:percent")


HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{#([a-z0-9]+(?:-[a-z0-9]+)*)\})?\s*$")


class HeadingError(NotebookError):
    """A heading without an explicit id; the message names the file and line."""


def headings(src: Path, nb, lang: str = labels.DEFAULT):
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
                raise HeadingError(
                    f"{shown(src)}:{lineno}: heading '{line}' needs an "
                    "explicit ASCII id, like '## 创建成本 {#creation}'"
                )
            out.append(
                f'<h{level} id="{ident}">{html.escape(text)}'
                f'<a class="headerlink" href="#{ident}"'
                f' title="{labels.label(lang, "heading.permalink")}">¶</a>'
                f"</h{level}>\n"
            )
            token = {"level": level, "id": ident, "name": text, "children": []}
            while stack and stack[-1]["level"] >= level:
                stack.pop()
            (stack[-1]["children"] if stack else tokens).append(token)
            stack.append(token)
        cell.source = "\n".join(out)
    return tokens, title
