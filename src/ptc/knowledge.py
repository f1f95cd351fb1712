"""The RAG service's knowledge base: the site's own pages, cut into passages.

examples/rag_service/knowledge.json is built from docs/*.md by this module, so
the example answers from the text as it is now:

    .venv/bin/python -m ptc.knowledge      # rewrite the shipped file

tests/ptc/test_knowledge.py fails when the shipped file is stale. A passage is
the prose under one heading (code, diagrams and directives removed, a
table row as `first cell: the others`),
cut at paragraph ends into pieces of at most MAX_CHARS characters. The
glossary pages form a second knowledge base ("glossary"), so the orchestrator
has two bases to search at once.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ptc import DOCS, EXAMPLES
from ptc.fences import inside_fences

OUTPUT = EXAMPLES / "rag_service" / "knowledge.json"
MAX_CHARS = 600
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*#([a-z0-9-]+)[^}]*\})?\s*$")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
DIRECTIVE = re.compile(r"\[\[[^\[\]\n]*\]\]")
MARKUP = re.compile(r"\*\*|__|`|^>\s*|^\s*[-*]\s+|^\s*\d+\.\s+|^!!!\s+\w+\s*", re.M)


def _plain(text: str) -> str:
    text = DIRECTIVE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = MARKUP.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _table_row(line: str) -> str:
    """`| a | b |` -> `a: b`; a table's `| --- |` line -> nothing."""
    if not line.lstrip().startswith("|"):
        return line
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-+:?", c) for c in cells):
        return ""
    return cells[0] + ": " + "; ".join(cells[1:])


def _pieces(paragraphs: list[str]) -> list[str]:
    pieces, current = [], ""
    for paragraph in paragraphs:
        if current and len(current) + len(paragraph) + 1 > MAX_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current}\n{paragraph}".strip()
        while len(current) > MAX_CHARS:  # one long paragraph: cut at a sentence
            cut = max(
                current.rfind(end, 0, MAX_CHARS) for end in ("\n", "。", ". ", "；")
            )
            cut = cut + 1 if cut > 0 else MAX_CHARS
            pieces.append(current[:cut].strip())
            current = current[cut:].strip()
    return [*pieces, current] if current else pieces


def passages_of(page: Path) -> list[dict]:
    lang = "en" if page.name.endswith(".en.md") else "zh"
    name = page.name.removesuffix(".en.md").removesuffix(".md")
    lines = page.read_text("utf-8").split("\n")
    sections: list[tuple[str, str, list[str]]] = []  # (title, anchor, lines)
    for line, fenced in zip(lines, inside_fences(lines), strict=True):
        heading = None if fenced else HEADING.match(line)
        if heading:
            sections.append((_plain(heading[2]), heading[3] or "", []))
        elif not fenced and sections and not line.lstrip().startswith("```"):
            sections[-1][2].append(_table_row(line))
    found = []
    for title, anchor, body in sections:
        paragraphs = [_plain(p) for p in "\n".join(body).split("\n\n")]
        for n, text in enumerate(_pieces([p for p in paragraphs if p])):
            found.append(
                {
                    "id": f"{lang}:{name}#{anchor or 'top'}:{n}",
                    "kb": "glossary" if name == "glossary" else "pages",
                    "lang": lang,
                    "page": f"{name}.md" + (f"#{anchor}" if anchor else ""),
                    "title": title,
                    "text": text,
                }
            )
    return found


def build(docs: Path = DOCS) -> str:
    """The knowledge file's text: one passage a line, in a stable order."""
    passages = [p for page in sorted(docs.glob("*.md")) for p in passages_of(page)]
    rows = [json.dumps(p, ensure_ascii=False, sort_keys=True) for p in passages]
    return "[\n" + ",\n".join(rows) + "\n]\n"


def main() -> None:
    OUTPUT.write_text(build(), encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
