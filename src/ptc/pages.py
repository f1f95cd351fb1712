"""A page's Markdown as the site renders it: Run marks, examples and figures.

`render()` is the whole job of hooks/pages.py, in the order a page needs:
1. the code blocks written in the page that the browser can run get the
   `ptc-run-code` mark (web/run_buttons.js adds Run, Stop and Reset there);
2. the directives (ptc.directives) are expanded: each example brings its
   code, already marked when it can run, a Download link and its output;
   each `[[code file.py:function]]` brings that function's source, shown but
   never run, with a Download link to its file; on a zh page the code has
   Chinese comments and docstrings and the links go to the zh copies
   (ptc.catalogue.source_in, download_path, ZIP_NAMES);
   each `[[exercises page]]` brings the page's exercises (ptc.exercises);
   each `[[m:key]]` becomes a figure linked to the notebook that measured it.
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
from pathlib import Path

import lxml.html

from ptc import (
    DOCS,
    catalogue,
    directives,
    exercises,
    labels,
    measure,
    offline,
    recordings,
    timelines,
    translations,
)
from ptc.browser_limits import browser_runnable
from ptc.fences import find_fences
from ptc.snippets import RUN_LANGS

FIGURES = DOCS / "data" / "measurements.json"
_RUN_FENCE = re.compile(
    rf"^(?P<lang>{'|'.join(RUN_LANGS)})(?P<rest>(?:\s+\w+=\"[^\"]*\")*)\s*$"
)


def _run_header(lang: str, filename: str, rest: str = "") -> str:
    """A fence header superfences renders as `<div class="ptc-run-code
    highlight" data-run-file="…">`."""
    return f'{{ .{lang} .ptc-run-code data-run-file="{filename}"{rest} }}'


def mark_runnable(markdown: str) -> str:
    """Give every Python fence the browser can run the `ptc-run-code` mark."""
    lines = markdown.split("\n")
    for fence in find_fences(lines):
        py = _RUN_FENCE.match(fence.info)
        if py and browser_runnable(fence.body(lines))[0]:
            lines[fence.start] = (
                fence.indent
                + fence.ticks
                + _run_header(py["lang"], "main.py", py["rest"])
            )
    return "\n".join(lines)


def _fence(text: str, header: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return [f"{ticks}{header}", *text.rstrip("\n").split("\n"), ticks]


def render_example(example: catalogue.Example, lang: str, to_root: str) -> str:
    text = lambda key: labels.label(lang, f"example.{key}")  # noqa: E731
    href = to_root + catalogue.download_path(example.relative, lang)
    zip_href = f"{to_root}examples/{catalogue.ZIP_NAMES[lang]}"
    # Whether it can run is a rule on the code, which is the same in both.
    runnable = browser_runnable(example.source)[0]
    header = _run_header("python", example.path.name) if runnable else "python"
    return "\n".join(
        [
            f'<div class="ptc-example" id="{example.anchor}"'
            f' data-example="{example.relative}" data-download="{href}"'
            f' data-lang="{lang}" markdown>',
            "",
            f'<p class="ptc-example-head"><a class="ptc-example-link"'
            f' href="#{example.anchor}" title="{text("permalink")}">'
            f"{example.relative}</a>"
            f' <a class="ptc-download md-button" href="{href}"'
            f' download="{example.path.name}">{text("download")}</a>'
            f' <a class="ptc-zip-link" href="{zip_href}" download>'
            f"{text('zip.short')}</a>"
            # Copies the iframe code for its embed page (web/site.js).
            f' <button type="button" class="ptc-embed-copy"'
            f' data-embed="{to_root}{catalogue.embed_path(example.relative, lang)}"'
            f' data-title="{example.relative}" data-copied="{text("embed.copied")}"'
            f' title="{text("embed.title")}" hidden>{text("embed")}</button></p>',
            "",
            *_fence(example.source_in(lang), header),
            "",
            # Its own id: Material names a code block after its closest
            # ancestor with an id, and each copy button copies that block.
            f'<div class="ptc-output" id="{example.anchor}-output" markdown>',
            "",
            f'<p class="ptc-output-label">{text("output")}</p>',
            "",
            *_fence(example.expected_output(), "text"),
            "",
            "</div>",
            "",
            *_recording(example, lang, to_root),
            "</div>",
        ]
    )


def _recording(example: catalogue.Example, lang: str, to_root: str) -> list[str]:
    """A thread or process example's recorded run, below its output."""
    if not recordings.recorded(example) or example.topic in recordings.SHOWN_TOGETHER:
        return []
    anchor = f"{example.anchor}-recording"
    return [timelines.render([example], lang, to_root, anchor), ""]


def render_timelines(argument: str, lang: str, to_root: str) -> str:
    """`[[timelines a.py b.py …]]`: their recorded runs in one figure."""
    shown = [catalogue.example(relative) for relative in argument.split()]
    anchor = f"timelines-{shown[0].topic}"
    return timelines.render(shown, lang, to_root, anchor)


def function_source(path: Path, name: str, lang: str = "en") -> tuple[str, int, int]:
    """The source of the top-level function or class `name` in `path` as
    readers in `lang` get the file, with its decorators, and its first and
    last line there; LookupError if it has none."""
    source = catalogue.published(path, lang).decode("utf-8")
    for node in ast.parse(source).body:
        kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        if isinstance(node, kinds) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            lines = source.split("\n")[first - 1 : node.end_lineno]
            return "\n".join(lines), first, node.end_lineno
    relative = path.relative_to(catalogue.EXAMPLES).as_posix()
    raise LookupError(f"no function or class {name} in examples/{relative}")


def render_code(reference: str, lang: str, to_root: str) -> str:
    """`rag_service/orchestrator.py:call_service` as a Python block that is
    shown, not run (no Run mark), headed by its file and a Download link."""
    relative, name = reference.split(":")
    path = catalogue.project_file(relative)
    code, first, last = function_source(path, name, lang)
    href = to_root + catalogue.download_path(relative, lang)
    anchor = "code-" + re.sub(r"[^a-z0-9]+", "-", f"{relative[:-3]}-{name}".lower())
    lines = labels.label(lang, "code.lines", first=first, last=last)
    return "\n".join(
        [
            f'<div class="ptc-code" id="{anchor}" data-code="{reference}" markdown>',
            "",
            f'<p class="ptc-example-head"><code>{relative}</code>'
            f" · <code>{name}</code> ({lines})"
            f' <a class="ptc-download md-button" href="{href}"'
            f' download="{path.name}">{labels.label(lang, "example.download")}</a></p>',
            "",
            *_fence(code, "python"),
            "",
            "</div>",
        ]
    )


def _exercise_rule(render):
    """A handler for an exercises directive: a malformed exercise stops the
    build with its own file and line (ptc.exercises)."""

    def handler(d: directives.Directive) -> str:
        try:
            return render(d)
        except (exercises.ExerciseError, translations.TranslationError) as refused:
            raise directives.DirectiveError(str(refused)) from None

    return handler


def render_zip_link(lang: str, to_root: str) -> str:
    return (
        f'<p class="ptc-zip"><a class="md-button md-button--primary"'
        f' href="{to_root}examples/{catalogue.ZIP_NAMES[lang]}" download>'
        f"{labels.label(lang, 'example.zip')}</a></p>"
    )


def render_offline_link(lang: str, to_root: str) -> str:
    return (
        f'<p class="ptc-offline"><a class="md-button"'
        f' href="{to_root}{offline.ZIP_NAME}" download>'
        f"{labels.label(lang, 'offline.zip')}</a></p>"
    )


def load_figures(path: Path = FIGURES) -> dict:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run ./dev measure")
    return json.loads(path.read_text(encoding="utf-8"))["figures"]


def figure(key: str, figures: dict) -> dict:
    """The figure for `key`; for `a/b`, the ratio of the two medians, with
    the widest range the two ranges allow."""
    if "/" in key:
        top, bottom = (figure(k, figures) for k in key.split("/"))
        if top["value"] is None or bottom["value"] is None:
            missing = top if top["value"] is None else bottom
            return {**missing, "unit": "x"}
        return {
            "value": top["value"] / bottom["value"],
            "low": top["low"] / bottom["high"],
            "high": top["high"] / bottom["low"],
            "n": min(top.get("n", 0), bottom.get("n", 0)),
            "unit": "x",
            "ratio": True,
            **{k: top[k] for k in ("source", "anchor", "python") if k in top},
        }
    if key not in figures:
        known = ", ".join(sorted(figures))
        raise KeyError(f"unknown measurement key {key}; known keys: {known}")
    return figures[key]


def render_figure(key: str, figures: dict, lang: str, page_src: str) -> str:
    """Markdown for one figure: a link with the figure and its range."""
    fig = figure(key, figures)
    title = labels.label(lang, "figure.title", n=fig.get("n", "?"))
    if "python" in fig:
        title += labels.label(lang, "figure.python", python=fig["python"])
    target = posixpath.relpath(fig["source"], posixpath.dirname(page_src) or ".")
    return f'[{measure.describe(fig, lang)}]({target}#{fig["anchor"]} "{title}")'


STACK_FROM_COLUMNS = 4  # narrower tables fit a phone as they are


def label_table_cells(html: str) -> str:
    """Give each body cell of a wide table its column's header as
    `data-label`, and the table `data-ptc-stack` (see hooks/tables.py).
    Only the tables are parsed and written again; the rest stays as it is."""
    return _TABLE.sub(_label_table, html)


_TABLE = re.compile(r"<table>.*?</table>", re.S)  # Markdown tables do not nest


def _label_table(match: re.Match) -> str:
    table = lxml.html.fragment_fromstring(match[0])
    headers = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
    if len(headers) < STACK_FROM_COLUMNS:
        return match[0]
    table.set("data-ptc-stack", "")
    for row in table.xpath("./tbody/tr"):
        for cell, header in zip(row.xpath("./td"), headers, strict=False):
            cell.set("data-label", header)
    return lxml.html.tostring(table, encoding="unicode")


# Material's renderTable(): the scrolling box it puts around a data table.
TABLE_WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
_DATA_TABLE = re.compile(r"<table(?![^>]*\bclass=)[\s>].*?</table>", re.S)


def wrap_tables(html: str) -> str:
    """Put every data table (a `<table>` without a class, as Material's
    `table:not([class])` selects them) in Material's scrolling box, at build
    time. Material's script wraps each one on load by moving it, and the
    browser then styles and lays out the whole table again: on `glossary/`
    that was the longest task of the load (CONTRIBUTING.md, "Page speed").
    ptc.material tells the script to leave wrapped tables alone."""
    return _DATA_TABLE.sub(lambda m: TABLE_WRAP + m[0] + "</div></div>", html)


_CODE_BLOCK = re.compile(
    r'(<div class="(?:[^"]* )?highlight"[^>]*>)<pre>(.*?)</pre>', re.S
)


def size_code_blocks(html: str) -> str:
    """Give each code block's <pre> its number of lines, `--ptc-lines`. Off
    screen, a block is neither styled nor laid out (web/site.css,
    `content-visibility: auto`) and stands in at the height those lines
    take, so what lies below it is where it will be once it is drawn."""

    def sized(match: re.Match) -> str:
        code = match[2]
        lines = code.count("\n") + (not code.removesuffix("</code>").endswith("\n"))
        return f'{match[1]}<pre style="--ptc-lines:{lines}">{code}</pre>'

    return _CODE_BLOCK.sub(sized, html)


def render(
    markdown: str,
    *,
    lang: str,
    page_src: str,
    to_root: str,
    figures: dict | None = None,
) -> str:
    """The page's Markdown with Run marks, examples and figures in place.
    DirectiveError names `docs/<page_src>:<line>` for anything it refuses."""

    def translated(render):
        def handler(d: directives.Directive) -> str:
            try:
                return render(d)
            except translations.TranslationError as refused:
                raise directives.DirectiveError(str(refused)) from None

        return handler

    def example(d: directives.Directive) -> str:
        return render_example(catalogue.example(d.argument), lang, to_root)

    def figure_text(d: directives.Directive) -> str:
        nonlocal figures
        figures = load_figures() if figures is None else figures
        return render_figure(d.argument, figures, lang, page_src)

    handlers = {
        "example": translated(example),
        "examples-zip": lambda d: render_zip_link(lang, to_root),
        "offline-zip": lambda d: render_offline_link(lang, to_root),
        "code": translated(lambda d: render_code(d.argument, lang, to_root)),
        "timelines": lambda d: render_timelines(d.argument, lang, to_root),
        "exercises": _exercise_rule(
            lambda d: exercises.render_page(d.argument, lang, to_root)
        ),
        "exercise-table": _exercise_rule(lambda d: exercises.render_table(lang)),
        "exercise-sheet": _exercise_rule(
            lambda d: exercises.render_sheet(d.argument, lang, to_root)
        ),
        "m": figure_text,
    }
    return directives.expand(mark_runnable(markdown), handlers, f"docs/{page_src}")


# A "copy link" button after each heading's permalink (Markdown's toc
# extension writes it) and each example's (render_example): teachers paste
# these links into course material. web/site.js wires the buttons.
_PERMALINK = re.compile(
    r'(<h[2-6] id="(?P<heading>[\w-]+)"[^>]*>(?:(?!</h[1-6]>).)*?'
    r'<a class="headerlink"[^>]*>.*?</a>'
    r'|<a class="ptc-example-link" href="#(?P<example>[\w-]+)"[^>]*>.*?</a>)',
    re.S,
)
LINK_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7a5 5 0 0 0-5 5 5 5 0 0 0 5 5h4'
    "v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1M8 13h8v-2H8zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1"
    ' 3.1s-1.39 3.1-3.1 3.1h-4V17h4a5 5 0 0 0 5-5 5 5 0 0 0-5-5"/></svg>'
)


def add_copy_links(html: str, lang: str) -> str:
    """Each heading (from h2 down) and example gets a copy-link button."""

    def button(match: re.Match) -> str:
        what = "section" if match["heading"] else "example"
        text = labels.label(lang, f"link.copy.{what}")
        anchor = match["heading"] or match["example"]
        return (
            f'{match[1]}<button type="button" class="ptc-copy-link"'
            f' data-anchor="{anchor}" title="{text}" aria-label="{text}"'
            f' data-copied="{labels.label(lang, "link.copied")}" hidden>'
            f"{LINK_ICON}</button>"
        )

    return _PERMALINK.sub(button, html)
