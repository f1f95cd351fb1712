"""Fenced code blocks in Markdown, found one way for every hook and test."""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,}|~{3,})[ \t]*(?P<info>.*?)\s*$")
LANG = re.compile(r"\{?\s*\.?(?P<lang>[\w+-]*)")


@dataclass
class Fence:
    start: int  # index of the opening line
    end: int  # index of the closing line (len(lines) when never closed)
    indent: str
    ticks: str
    info: str  # what follows the ticks: "py", "{ .py .skip }", "mermaid"

    @property
    def lang(self) -> str:
        return LANG.match(self.info)["lang"].lower()

    def body(self, lines: list[str]) -> str:
        """The code, without the fence's own indentation."""
        return "\n".join(
            line[len(self.indent) :] if line.startswith(self.indent) else line.lstrip()
            for line in lines[self.start + 1 : self.end]
        )


def find_fences(lines: list[str]) -> list[Fence]:
    """Every fence; it closes at the same character, at least as long, bare."""
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        ticks = opening["ticks"]
        end = i + 1
        while end < len(lines):
            closing = FENCE.match(lines[end])
            if closing and closing["ticks"].startswith(ticks) and not closing["info"]:
                break
            end += 1
        fences.append(Fence(i, end, opening["indent"], ticks, opening["info"]))
        i = end + 1
    return fences


def inside_fences(lines: list[str]) -> list[bool]:
    """For each line: is it part of a fence, its delimiters included?"""
    inside = [False] * len(lines)
    for fence in find_fences(lines):
        for i in range(fence.start, min(fence.end + 1, len(lines))):
            inside[i] = True
    return inside
