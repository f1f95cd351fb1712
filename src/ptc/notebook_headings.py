"""Headings in a notebook's markdown cells carry ids, as on the pages:
`## 创建成本 {#creation}` becomes `<h2 id="creation">`, and the ids make the
page's table of contents (hooks/notebooks.py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ptc import ROOT, labels

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*(?:\{#([a-z0-9]+(?:-[a-z0-9]+)*)\})?\s*$")


class HeadingError(ValueError):
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
                shown = src.relative_to(ROOT) if src.is_relative_to(ROOT) else src
                raise HeadingError(
                    f"{shown}:{lineno}: heading '{line}' needs an "
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
