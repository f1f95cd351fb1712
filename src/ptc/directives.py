"""The `[[…]]` directives in a page: one grammar, one parser, one dispatcher.

- `[[example <topic>/<name>.py]]`, on a line of its own: an example block.
- `[[examples-zip]]`, on a line of its own: the link to the zip of examples.
- `[[offline-zip]]`, on a line of its own: the link to the offline classroom
  bundle (ptc.offline).
- `[[code <project>/<file>.py:<function>]]`, on a line of its own: the source
  of one top-level function (or class) of a project's file, e.g.
  `[[code rag_service/orchestrator.py:call_service]]`; shown, never run.
- `[[timelines <topic>/<name>.py ...]]`, on a line of its own: the recorded
  runs of those examples in one figure, on one time scale (ptc.timelines).
- `[[exercises <page>]]`, on a line of its own: the page's exercises
  (ptc.exercises), e.g. `[[exercises coroutines]]`.
- `[[exercise-table]]` and `[[exercise-sheet solutions]]` or
  `[[exercise-sheet tasks]]`, on a line of its own: every exercise, as a
  table and as a printable sheet with or without the solutions (the
  teacher's page).
- `[[m:<key>]]`, anywhere in running text: a measured figure; `[[m:<a>/<b>]]`
  is the ratio of two figures, e.g. `[[m:handoff.process/handoff.thread]]`.

Inside a fence or a code span, `[[…]]` is text. Anything else between `[[`
and `]]` outside code is an error that names the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ptc.fences import inside_fences

DIRECTIVE = re.compile(r"\[\[(?P<body>[^\[\]\n]*)\]\]")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
EXAMPLE_PATH = re.compile(r"[a-z_]+/[a-z0-9_]+\.py")
FIGURE_KEY = re.compile(r"[a-z0-9_.]+(?:/[a-z0-9_.]+)?")  # a key, or a ratio of two
EXERCISE_PAGE = re.compile(r"[a-z]+(?:-[a-z]+)*")
CODE_REF = re.compile(r"[a-z_]+/[a-z0-9_]+\.py:[A-Za-z_][A-Za-z0-9_]*")
BLOCKS = (
    "example",
    "examples-zip",
    "offline-zip",
    "code",
    "timelines",
    "exercises",
    "exercise-table",
    "exercise-sheet",
)  # directives that stand alone
FORMS = (
    "[[example <topic>/<name>.py]], [[examples-zip]], [[offline-zip]], "
    "[[code <project>/<file>.py:<function>]], "
    "[[timelines <topic>/<name>.py ...]], [[exercises <page>]], "
    "[[exercise-table]], [[exercise-sheet solutions|tasks]] or [[m:<key>]]"
)


class DirectiveError(ValueError):
    """A directive that does not follow the grammar, or that a handler refused."""


@dataclass(frozen=True)
class Directive:
    # "example", "examples-zip", "offline-zip", "code", "timelines",
    # "exercises", "exercise-table", "exercise-sheet" or "m"
    name: str
    # the example's path (timelines: paths, space-separated),
    # `file.py:function`, the page, the figure's key, or ""
    argument: str
    line: int  # 1-based line in the page
    start: int  # column span of `[[…]]` in that line
    end: int
    indent: str  # the line's indentation (block directives)

    @property
    def text(self) -> str:
        if self.name == "m":
            return f"[[m:{self.argument}]]"
        if not self.argument:
            return f"[[{self.name}]]"
        return f"[[{self.name} {self.argument}]]"


def _classify(body: str) -> tuple[str, str] | None:
    body = body.strip()
    if body in ("examples-zip", "offline-zip", "exercise-table"):
        return body, ""
    if body.startswith("example ") and EXAMPLE_PATH.fullmatch(body[8:].strip()):
        return "example", body[8:].strip()
    if body.startswith("code ") and CODE_REF.fullmatch(body[5:].strip()):
        return "code", body[5:].strip()
    if body.startswith("timelines ") and all(
        EXAMPLE_PATH.fullmatch(p) for p in body[10:].split()
    ):
        return "timelines", " ".join(body[10:].split())
    if body.startswith("exercises ") and EXERCISE_PAGE.fullmatch(body[10:].strip()):
        return "exercises", body[10:].strip()
    if body in ("exercise-sheet solutions", "exercise-sheet tasks"):
        return "exercise-sheet", body[15:]
    if body.startswith("m:") and FIGURE_KEY.fullmatch(body[2:]):
        return "m", body[2:]
    return None


def _outside_code_spans(line: str):
    """(offset, text) pieces of `line` that are not inside a code span."""
    last = 0
    for span in CODE_SPAN.finditer(line):
        yield last, line[last : span.start()]
        last = span.end()
    yield last, line[last:]


def parse(markdown: str, where: str = "page") -> list[Directive]:
    """Every directive outside code, in page order; DirectiveError on a bad one."""
    found = []
    lines = markdown.split("\n")
    for lineno, (line, fenced) in enumerate(
        zip(lines, inside_fences(lines), strict=True), start=1
    ):
        if fenced or "[[" not in line:
            continue
        for offset, piece in _outside_code_spans(line):
            for match in DIRECTIVE.finditer(piece):
                kind = _classify(match["body"])
                if kind is None:
                    raise DirectiveError(
                        f"{where}:{lineno}: unknown directive {match[0]}; "
                        f"expected {FORMS}"
                    )
                start, end = offset + match.start(), offset + match.end()
                if kind[0] in BLOCKS and line[:start].strip() + line[end:].strip():
                    raise DirectiveError(
                        f"{where}:{lineno}: {match[0]} must stand on a line of its own"
                    )
                indent = line[: len(line) - len(line.lstrip())]
                found.append(Directive(*kind, lineno, start, end, indent))
    return found


Handler = Callable[[Directive], str]


def expand(markdown: str, handlers: Mapping[str, Handler], where: str = "page") -> str:
    """Replace each directive with what its handler returns, in page order.

    A block directive's lines keep the directive's indentation, so an example
    inside a list item or a tab stays inside it. A handler raises
    DirectiveError (or LookupError) with its reason; the error is reported
    with the file and line."""
    lines = markdown.split("\n")
    directives = parse(markdown, where)
    # Right to left within a line, so earlier columns stay valid.
    for d in sorted(directives, key=lambda d: (d.line, -d.start)):
        handler = handlers.get(d.name)
        if handler is None:
            raise DirectiveError(f"{where}:{d.line}: {d.text} is not allowed here")
        try:
            replacement = handler(d)
        except (DirectiveError, LookupError) as refused:
            raise DirectiveError(f"{where}:{d.line}: {d.text}: {refused}") from None
        i = d.line - 1
        if d.name in BLOCKS:
            lines[i] = "\n".join(
                d.indent + r if r else "" for r in replacement.split("\n")
            )
        else:
            lines[i] = lines[i][: d.start] + replacement + lines[i][d.end :]
    return "\n".join(lines)
