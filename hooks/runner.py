"""Mark the code blocks a reader can run in the browser.

One rule, `browser_runnable(source)`, decides: the code parses, and it uses
nothing the browser's Python (Pyodide) lacks: threads, processes,
subprocess, `input()`, executors. The tests import the same rule.

Marked blocks get `ptc-run-code` and `data-run-file` (the file name that
tracebacks show) on the code's `div.highlight`; the runner script
(web/runner.js) adds the editor, Run/Stop/Reset and the output panel to
those only. The hook must come after hooks/examples.py in mkdocs.yml.
"""

from __future__ import annotations

import ast
import re

from fences import find_fences  # hooks/fences.py

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


_PY = re.compile(r"^(?P<lang>py|python)(?P<rest>(?:\s+\w+=\"[^\"]*\")*)\s*$")
_EXAMPLE = re.compile(r'<div class="ptc-example"[^>]*\sdata-example="(?P<path>[^"]+)"')


def mark_runnable(markdown: str) -> str:
    """Give every runnable Python fence the class `ptc-run-code`.

    The fence's header becomes `{ .py .ptc-run-code data-run-file="x.py" }`,
    which superfences renders as `<div class="ptc-run-code highlight"
    data-run-file="x.py">`. Runs after hooks/examples.py, so an example's
    code fence is marked too, with the example's file name.
    """
    lines = markdown.split("\n")
    after_previous = 0
    for fence in find_fences(lines):
        # An example's opening tag stands between the previous fence and its code.
        tags = [
            m
            for line in lines[after_previous : fence.start]
            if (m := _EXAMPLE.search(line))
        ]
        after_previous = fence.end + 1
        py = _PY.match(fence.info)
        if py and browser_runnable(fence.body(lines))[0]:
            name = tags[-1]["path"].rsplit("/", 1)[-1] if tags else "main.py"
            lines[fence.start] = (
                f"{fence.indent}{fence.ticks}{{ .{py['lang']} .ptc-run-code"
                f' data-run-file="{name}"{py["rest"]} }}'
            )
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files) -> str:
    return mark_runnable(markdown)
