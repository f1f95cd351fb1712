"""Mark the code blocks a reader can run in the browser.

One rule, `browser_runnable(source)`, decides: the code parses, and it uses
nothing the browser's Python (Pyodide) lacks: threads, processes,
subprocess, `input()`, executors. The tests import the same rule.

Marked blocks get `ptc-run-code` on the code's `div.highlight`, and the
runner script (web/runner.js) adds the editor, Run/Stop/Reset and the
output panel to those only. An example block (hooks/examples.py) also gets
`data-run-file`, the file name its tracebacks show.
"""

from __future__ import annotations

import ast
import html
import re

# Modules the browser's Python cannot use for real.
MISSING_MODULES = {
    "threading": "threads",
    "_thread": "threads",
    "multiprocessing": "processes",
    "concurrent": "threads or processes (concurrent.futures / interpreters)",
    "subprocess": "subprocess",
    "signal": "signals",
    "socket": "sockets",
    "selectors": "sockets",
    "ssl": "sockets",
    "tkinter": "a GUI",
    "curses": "a terminal",
    "readline": "a terminal",
    "sqlite3": "sqlite3 (not in the default Pyodide)",
}
# Calls that need threads, processes or a keyboard.
MISSING_CALLS = {
    "input": "input()",
    "to_thread": "threads (asyncio.to_thread)",
    "run_in_executor": "threads (run_in_executor)",
    "fork": "processes (os.fork)",
    "system": "processes (os.system)",
    "popen": "processes (os.popen)",
    "posix_spawn": "processes",
    "spawnv": "processes",
    "execv": "processes",
}
NOT_RUN = re.compile(r"^\s*#\s*not-run\s*:", re.M)


def browser_runnable(source: str) -> tuple[bool, str]:
    """Return (runnable, reason) for one Python source."""
    first = next((line for line in source.splitlines() if line.strip()), "")
    if NOT_RUN.match(first):
        return False, "marked # not-run"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return False, f"does not parse: {exc.msg} (line {exc.lineno})"
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in MISSING_MODULES:
                return (
                    False,
                    f"imports {name}: the browser has no {MISSING_MODULES[top]}",
                )
        if isinstance(node, ast.Call):
            func = node.func
            called = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else None
            )
            if called in MISSING_CALLS:
                return (
                    False,
                    f"calls {called}(): the browser has no {MISSING_CALLS[called]}",
                )
    return True, "runs in the browser"


# Material renders a ```py fence as <div class="language-py highlight">.
_SNIPPET = re.compile(r'<div class="language-(?:py|python) highlight">')
_CODE = re.compile(r"<code[^>]*>(.*?)</code>", re.S)
_TAG = re.compile(r"<[^>]+>")
_EXAMPLE = re.compile(
    r'<div class="ptc-example"(?P<attrs>[^>]*)\sdata-example="(?P<path>[^"]+)"'
)


def _code_text(fragment: str) -> str:
    match = _CODE.search(fragment)
    return html.unescape(_TAG.sub("", match.group(1))) if match else ""


def mark_runnable(page_html: str) -> str:
    """Add `ptc-run-code` to every runnable Python block in a page."""
    out: list[str] = []
    last = 0
    for match in _SNIPPET.finditer(page_html):
        end = page_html.find("</pre>", match.end())
        runnable, _ = browser_runnable(_code_text(page_html[match.end() : end]))
        if not runnable:
            continue
        file_name = _example_file(page_html, match.start()) or "main.py"
        out.append(page_html[last : match.start()])
        out.append(
            match.group(0).replace(
                'highlight">', f'highlight ptc-run-code" data-run-file="{file_name}">'
            )
        )
        last = match.end()
    out.append(page_html[last:])
    return "".join(out)


def _example_file(page_html: str, pos: int) -> str | None:
    """The example's file name if pos is the code block of an example."""
    start = page_html.rfind('<div class="ptc-example"', 0, pos)
    if start == -1:
        return None
    between = page_html[start:pos]
    match = _EXAMPLE.match(between)
    if not match or "highlight" in between or "ptc-output" in between:
        return None
    return match.group("path").rsplit("/", 1)[-1]


def on_page_content(html_text: str, page, config, files) -> str:
    return mark_runnable(html_text)
