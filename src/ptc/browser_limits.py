"""What Python in the browser (Pyodide) cannot run, in one place.

Three parts of the site read this module:
- the build: `browser_runnable()` decides which code blocks get a Run button;
- the worker: web/runtime.py applies `PATCHES` at run time, so code that
  reaches a missing feature anyway raises BrowserCannot(kind);
- the page: web/run_buttons.js explains each kind with the label
  `cannot.<kind>` (ptc.labels), and shows the output limits below.
web/build.mjs gets the last two from `bundle_data()`, as JSON.
"""

from __future__ import annotations

import ast

from ptc import labels

# Kinds of refusal at run time; each has a `cannot.<kind>` label.
KINDS = ("input", "threads", "processes", "subprocess")

# Modules the browser's Python cannot use for real, and what is missing.
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

# What web/runtime.py replaces with a refusal: (module, attribute path, kind).
# A patch whose module is in LAZY is applied only to code that names it
# (importing multiprocessing costs about 80 ms in Pyodide).
PATCHES = (
    ("builtins", "input", "input"),
    ("asyncio", "to_thread", "threads"),
    ("threading", "Thread.start", "threads"),
    ("pyodide.webloop", "WebLoop.run_in_executor", "threads"),
    ("subprocess", "Popen.__init__", "subprocess"),
    ("multiprocessing.process", "BaseProcess.start", "processes"),
)
LAZY = ("multiprocessing",)

# A flood of output is cut here, in the worker, before it reaches the page.
MAX_LINES = 5000
MAX_CHARS = 500_000
# Share links (web/share.js): the longest link the Share button makes or a
# page reads (chat apps and LMS fields cut longer ones), and the longest code
# a link may unpack to.
SHARE_MAX_LINK = 8000
SHARE_MAX_CHARS = 100_000
# The live timeline (web/runtime.py, Timeline) keeps at most this many spans
# and prints per run; a flood of prints past it is counted, not kept.
TIMELINE_EVENTS = 20_000
# More tasks than this, and the page groups their lanes by coroutine.
TIMELINE_LANES = 12
# The worker sends the page the timeline's news this often (ms), while
# Python waits at an await.
TIMELINE_NEWS_MS = 100


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def browser_runnable(source: str) -> tuple[bool, str]:
    """(runnable, reason) for one Python source: it parses, is not marked
    `# not-run:`, and uses nothing the browser lacks."""
    from ptc import snippets

    if snippets.not_run(source):
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
            if (top := name.split(".")[0]) in MISSING_MODULES:
                return (
                    False,
                    f"imports {name}: the browser has no {MISSING_MODULES[top]}",
                )
        if (
            isinstance(node, ast.Call)
            and (called := _called_name(node)) in MISSING_CALLS
        ):
            return (
                False,
                f"calls {called}(): the browser has no {MISSING_CALLS[called]}",
            )
    return True, "runs in the browser"


def bundle_data() -> dict:
    """What web/build.mjs bundles for the worker and the page."""
    return {
        "kinds": list(KINDS),
        "patches": [list(p) for p in PATCHES],
        "lazy": list(LAZY),
        "maxLines": MAX_LINES,
        "maxChars": MAX_CHARS,
        "share": {"maxLink": SHARE_MAX_LINK, "maxChars": SHARE_MAX_CHARS},
        "timelineEvents": TIMELINE_EVENTS,
        "timelineLanes": TIMELINE_LANES,
        "timelineNewsMs": TIMELINE_NEWS_MS,
        # The exception's own text, in the traceback: English, like Python's.
        "messages": {kind: labels.label("en", f"cannot.{kind}") for kind in KINDS},
        "labels": {
            lang: {
                **labels.group("run")[lang],
                # The recorded runs' "Download trace" is the live lanes' too.
                "timeline": {
                    **labels.group("timeline")[lang],
                    "download": labels.label(lang, "trace.download"),
                },
                "kinds": {k: labels.label(lang, f"cannot.{k}") for k in KINDS},
            }
            for lang in labels.LANGUAGES
        },
    }
