"""The exercises at the end of each topic page: their format, validated with
errors that name the file and line, and the list of all of them.

`exercises/<page>/<n>/` holds one exercise (page in PAGES, n from 1 to 5,
its order on the page; its anchor is `exercise-<page>-<n>` in both
languages):

- `exercise.toml`: `kind` ("predict", "fix" or "write"), `runs`
  ("browser": checked in the page, by the coroutines runner; "local": a
  starter and `check.py` to download), `minutes` (the estimated time), and a
  table per language (`[zh]`, `[en]`) with `title`, `task` and
  `explanation` (Markdown) and `[<lang>.hints]`, one hint per check id.
  A predict exercise adds `[predict]` with `mode`: "order" (the reader
  arranges the output lines) or "choose" (the reader picks one of
  `options`, whole outputs; exactly one must be the real output).
- `program.py` and `program.output.txt` (predict): the program and the
  output of a real run (tests/test_exercises.py runs it and compares);
  `program.trace.json` beside them when the program is `recorded` (a
  thread or process one: ptc.recordings), which its solution draws.
- `starter.py` and `solution.py` (fix, write): where the reader starts, and
  the reference solution.
- `checks.py` (runs = "browser"): `async def check_<id>(exercise)` functions,
  in the order they run; each gets the reader's code as a module and fails
  by raising (an AssertionError's message is shown). HARNESS runs them, in
  the page's Pyodide worker and under CPython in the tests alike.
- `check.py` (runs = "local"): a stdlib-only checker, `python check.py
  [file.py]`, exit 0 only when every check passes (the lab's, see its
  README).
"""

from __future__ import annotations

import ast
import html
import json
import random
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from ptc import ROOT, catalogue, labels, recordings, timelines, translations
from ptc.browser_limits import browser_runnable

EXERCISES = ROOT / "exercises"
# The topic pages, in nav order; each ends with its exercises.
PAGES = (
    "processes",
    "process-pools",
    "threads",
    "thread-pools",
    "coroutines",
    "subinterpreters",
    "comparison",
)
KINDS = ("predict", "fix", "write")
RUNS = ("browser", "local")
MODES = ("order", "choose")
LANGS = ("zh", "en")
MAX_PER_PAGE = 5
TEXT_KEYS = ("title", "task", "explanation")
TOP_KEYS = {"kind", "runs", "minutes", "predict", *LANGS}
CHECK = re.compile(r"check_(?P<id>[a-z][a-z0-9_]*)")
# What the harness prints before each check's result (one JSON object).
MARK = "\x1ePTC-CHECK "
READER_CODE = '"__PTC_READER_CODE__"'  # HARNESS's placeholder: a JSON string
CHECK_TIMEOUT = 10.0  # s per check: one that never returns (WebKit is slow)
# The lab's checker helper (ptc.lab ships it); its MESSAGES word every line a
# local checker prints, and the page reads a pasted run back with them.
CHECKLIB = EXERCISES / "checklib.py"
# The lines of a checker's output that the page reads (MESSAGES keys), and
# what each placeholder in them that the page needs may hold: each becomes a
# capture group; any other (a title, a hint, a reason) matches anything.
CHECKER_LINES = (
    "checking",
    "method",
    "default_method",
    "passed",
    "failed",
    "unchecked",
    "summary_ok",
    "summary",
    # Notes after a start method's checks that quote the program's output
    # (stdout, stderr): the page reads no check line inside those.
    "printed",
    "exit_code",
    "stderr_before",
)
CHECKER_CAPTURES = {
    "exercise": r"[a-z][a-z0-9-]*/[0-9]+",
    "check": r"[a-z][a-z0-9_-]*",
    "method": r"[a-z]+",
    "passed": r"[0-9]+",
    "total": r"[0-9]+",
}

# The lab folder (ptc.lab): in each zip, and under the site's examples/.
LAB = "lab"


def lab_path(page: str, n: int, name: str) -> str:
    """An exercise file's path inside the zip's root and the site's
    examples/: `lab/threads/1/starter.py`."""
    return f"{LAB}/{page}/{n}/{name}"


def download_path(page: str, n: int, name: str, lang: str) -> str:
    """Where the site serves an exercise's lab file for a page in `lang`,
    from the site's root: `examples/lab/threads/1/starter.py` (en),
    `examples/zh/lab/threads/1/starter.py` (zh)."""
    return catalogue.download_path(lab_path(page, n, name), lang)


class ExerciseError(ValueError):
    """An exercise that does not follow the format: names the file and line."""


@dataclass(frozen=True)
class Text:
    title: str
    task: str
    explanation: str
    hints: dict[str, str]


@dataclass(frozen=True)
class Exercise:
    folder: Path
    kind: str
    runs: str
    minutes: int
    texts: dict[str, Text]
    mode: str | None = None  # predict: "order" or "choose"
    options: tuple[str, ...] = ()  # predict, "choose"
    files: tuple[str, ...] = field(default=())

    @property
    def page(self) -> str:
        return self.folder.parent.name

    @property
    def n(self) -> int:
        return int(self.folder.name)

    @property
    def key(self) -> str:
        """`coroutines/1`: its place, and its key in the reader's storage."""
        return f"{self.page}/{self.n}"

    @property
    def anchor(self) -> str:
        return f"exercise-{self.page}-{self.n}"

    def source(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def source_in(self, name: str, lang: str) -> str:
        """A file as readers in `lang` see it: with Chinese comments and
        docstrings for zh when `<name>.zh.toml` is beside it
        (ptc.translations), else as written."""
        path = self.folder / name
        if lang == "zh" and translations.translation_path(path).exists():
            return translations.translate_file(path)
        return self.source(name)

    @property
    def shown_files(self) -> tuple[str, ...]:
        """The Python files a reader sees, each with a translation."""
        if self.kind == "predict":
            return ("program.py",)
        return ("starter.py", "solution.py")

    @property
    def code_file(self) -> str:
        """The file the reader reads or edits on the page."""
        return "program.py" if self.kind == "predict" else "starter.py"

    @property
    def expected_output(self) -> str:
        return self.source("program.output.txt")

    @property
    def recorded(self) -> bool:
        """Whether its program has a recorded run: a predict one that runs
        on the reader's computer, on a page whose examples are recorded
        (ptc.recordings.TOPICS; subinterpreters' programs need 3.14)."""
        return (
            self.kind == "predict"
            and self.runs == "local"
            and self.page.replace("-", "_") in recordings.TOPICS
        )

    @property
    def program(self) -> catalogue.Example:
        """Its program as ptc.recordings records it and ptc.timelines draws
        it (the trace is `program.trace.json` beside it)."""
        return catalogue.Example(self.folder / "program.py")

    @cached_property
    def check_ids(self) -> tuple[str, ...]:
        """The ids of checks.py's checks, in the order they run."""
        if self.runs != "browser" or self.kind == "predict":
            return ()
        return check_ids(self.source("checks.py"), self.folder / "checks.py")

    @property
    def answer_lines(self) -> list[str]:
        return self.expected_output.rstrip("\n").split("\n")

    @property
    def shuffled_lines(self) -> list[str]:
        """The output lines as the reader first sees them (order mode): a
        fixed shuffle, never the answer itself."""
        lines = self.answer_lines
        rng = random.Random(self.anchor)
        shuffled = lines[:]
        while shuffled == lines:
            rng.shuffle(shuffled)
        return shuffled

    def harness(self, code: str) -> str:
        """The program that checks `code`: HARNESS with this exercise's
        checks and the reader's code in place."""
        return harness_template(self.source("checks.py")).replace(
            READER_CODE, json.dumps(code)
        )


# Chinese characters and punctuation (CJK symbols, ideographs, full-width
# forms).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """`text` with each line break between two Chinese characters removed,
    outside code fences. Browsers show such a break as a space (Chromium
    and WebKit do not apply CSS's rule that drops it), so a wrapped Chinese
    sentence would read with stray gaps."""
    parts = re.split(r"(^```.*?^```[^\n]*$)", text, flags=re.M | re.S)
    return "".join(
        part if part.startswith("```") else _CJK_BREAK.sub("", part) for part in parts
    )


def check_ids(source: str, path: Path) -> tuple[str, ...]:
    where = _rel(path)
    try:
        tree = ast.parse(source, str(path))
    except SyntaxError as error:
        raise ExerciseError(f"{where}:{error.lineno}: {error.msg}") from None
    ids = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            match = CHECK.fullmatch(node.name)
            if node.name.startswith("check_") and not match:
                raise ExerciseError(
                    f"{where}:{node.lineno}: a check is named "
                    "check_<id>, id in lowercase letters, digits and _"
                )
            if match and not isinstance(node, ast.AsyncFunctionDef):
                raise ExerciseError(
                    f"{where}:{node.lineno}: {node.name} must be "
                    "`async def` (the harness awaits every check)"
                )
            if match:
                ids.append(match["id"])
    if not ids:
        raise ExerciseError(f"{where}:1: no `async def check_<id>(exercise)`")
    return tuple(ids)


def _rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _line_of(raw: str, table: str, key: str | None = None) -> int:
    """The line of `key` in `[table]` ("" for the top), else of the table's
    header, else 1: where an error about it points."""
    current = ""
    header_line = None
    for n, line in enumerate(raw.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([\w.]+)\s*\]", line)
        if header:
            current = header[1]
            if current == table:
                header_line = n
            continue
        if current == table and key and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return n
    return header_line or 1


def load(folder: Path) -> Exercise:
    """The exercise in `folder`; ExerciseError with the file and line when
    it does not follow the format."""
    path = folder / "exercise.toml"
    where = _rel(path)
    if not path.exists():
        raise ExerciseError(f"{where}:1: missing (every exercise has one)")
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ExerciseError(
            f"{where}:{translations.toml_error_line(error)}: not valid TOML: {error}"
        ) from None

    def fail(message: str, table: str = "", key: str | None = None):
        raise ExerciseError(f"{where}:{_line_of(raw, table, key)}: {message}")

    page, n = folder.parent.name, folder.name
    if page not in PAGES:
        fail(f"{page} is not a topic page; one of {', '.join(PAGES)}")
    if not n.isdigit() or not 1 <= int(n) <= MAX_PER_PAGE:
        fail(f"the folder {n} is not a number from 1 to {MAX_PER_PAGE}")
    for key in data:
        if key not in TOP_KEYS:
            fail(f"unknown key {key}; known: {', '.join(sorted(TOP_KEYS))}", "", key)
    for key, allowed in (("kind", KINDS), ("runs", RUNS)):
        if data.get(key) not in allowed:
            fail(f"`{key}` must be one of {', '.join(allowed)}", "", key)
    kind, runs = data["kind"], data["runs"]
    minutes = data.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        fail("`minutes` must be a whole number of minutes, 1 or more", "", "minutes")

    needed = {
        "predict": ["program.py", "program.output.txt"],
        "fix": ["starter.py", "solution.py"],
        "write": ["starter.py", "solution.py"],
    }[kind]
    if kind != "predict":
        needed.append("checks.py" if runs == "browser" else "check.py")
    for name in needed:
        if not (folder / name).exists():
            fail(f'a {kind} exercise with runs = "{runs}" needs {name} beside it')

    mode, options = None, ()
    if kind == "predict":
        predict = data.get("predict")
        if not isinstance(predict, dict) or predict.get("mode") not in MODES:
            fail(
                f"a predict exercise has [predict] with mode = "
                f"{' or '.join(repr(m) for m in MODES)}",
                "predict",
                "mode",
            )
        mode = predict["mode"]
        unknown = set(predict) - {"mode", "options"}
        if unknown:
            fail(f"unknown key {sorted(unknown)[0]} in [predict]", "predict")
        if mode == "choose":
            options = predict.get("options")
            if (
                not isinstance(options, list)
                or len(options) < 2
                or not all(isinstance(o, str) and o.strip() for o in options)
            ):
                fail("`options` lists two or more outputs", "predict", "options")
            options = tuple(o.strip("\n") for o in options)
            output = (folder / "program.output.txt").read_text(encoding="utf-8")
            true = [o for o in options if o == output.rstrip("\n")]
            if len(true) != 1:
                fail(
                    f"exactly one option must be the real output "
                    f"(program.output.txt), found {len(true)}",
                    "predict",
                    "options",
                )
        elif "options" in predict:
            fail('`options` is for mode = "choose"', "predict", "options")
        if runs == "browser":
            program = (folder / "program.py").read_text(encoding="utf-8")
            ok, why = browser_runnable(program)
            if not ok:
                fail(
                    f'runs = "browser" but program.py cannot run there: {why}',
                    "",
                    "runs",
                )
    elif "predict" in data:
        fail('[predict] is only for kind = "predict"', "predict")

    texts = {}
    for lang in LANGS:
        table = data.get(lang)
        if not isinstance(table, dict):
            fail(f"no [{lang}] table: each language has its texts")
        for key in TEXT_KEYS:
            if not isinstance(table.get(key), str) or not table[key].strip():
                fail(f"[{lang}] needs `{key}`, a non-empty string", lang, key)
        unknown = set(table) - {*TEXT_KEYS, "hints"}
        if unknown:
            fail(
                f"unknown key {sorted(unknown)[0]} in [{lang}]",
                lang,
                sorted(unknown)[0],
            )
        hints = table.get("hints", {})
        if not isinstance(hints, dict) or not all(
            isinstance(v, str) and v.strip() for v in hints.values()
        ):
            fail(f"[{lang}.hints] maps each check id to a hint", f"{lang}.hints")
        if kind != "predict" and not hints:
            fail(f"a {kind} exercise has [{lang}.hints], one per check", lang)
        texts[lang] = Text(
            join_cjk_lines(table["title"].strip()),
            join_cjk_lines(table["task"].strip()),
            join_cjk_lines(table["explanation"].strip()),
            {check: join_cjk_lines(hint) for check, hint in hints.items()},
        )
    for lang, other in (("zh", "en"), ("en", "zh")):
        extra = sorted(texts[lang].hints.keys() - texts[other].hints.keys())
        if extra:
            fail(
                f"[{lang}.hints] has {extra[0]}, [{other}.hints] has not: "
                "both languages hint at the same checks",
                f"{lang}.hints",
                extra[0],
            )

    exercise = Exercise(
        folder,
        kind,
        runs,
        minutes,
        texts,
        mode,
        options,
        tuple(sorted(p.name for p in folder.iterdir() if p.is_file())),
    )
    if exercise.check_ids:
        hinted = set(texts["en"].hints)
        missing = [i for i in exercise.check_ids if i not in hinted]
        extra = sorted(hinted - set(exercise.check_ids))
        if missing:
            fail(f"no hint for check {missing[0]} (checks.py)", "en.hints")
        if extra:
            fail(
                f"a hint for {extra[0]}, which checks.py has no check for",
                "en.hints",
                extra[0],
            )
    if kind == "predict" and mode == "order":
        lines = exercise.answer_lines
        if len(set(lines)) < 2:
            fail(
                'mode = "order" needs two or more different output lines',
                "predict",
                "mode",
            )
    return exercise


def exercises(root: Path = EXERCISES) -> list[Exercise]:
    """Every exercise, by page (nav order) and number."""
    found = []
    # Tools leave folders here too (.ruff_cache, __pycache__ of checklib).
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else ()
    for page in folders:
        if page.name.startswith(("_", ".")):
            continue
        if page.name not in PAGES:
            raise ExerciseError(
                f"{_rel(page)}:1: not a topic page; one of {', '.join(PAGES)}"
            )
        for folder in sorted(p for p in page.iterdir() if p.is_dir()):
            if folder.name.startswith(("_", ".")):
                continue
            found.append(load(folder))
    return sorted(found, key=lambda e: (PAGES.index(e.page), e.n))


def on_page(page: str, root: Path = EXERCISES) -> list[Exercise]:
    if page not in PAGES:
        raise LookupError(f"no topic page {page}; one of {', '.join(PAGES)}")
    # Numbers may leave gaps (the lab's exercises come first on a page).
    return [e for e in exercises(root) if e.page == page]


# The program that checks a reader's code, in the page's Pyodide worker and
# under CPython alike. It loads the code as a module named "exercise" (so
# its `if __name__ == "__main__":` part does not run), then awaits each
# check_<id> of checks.py and prints one MARK line per check. The page puts
# the reader's code in place of READER_CODE as a JSON string, which is a
# Python string literal too. Stop (KeyboardInterrupt, cancellation) is never
# caught: it ends the check like any run.
_HARNESS = r"""
import asyncio
import json as _json
import sys as _sys
import traceback as _traceback
import types as _types

_CODE = __PTC_READER_CODE__
_CHECKS = __PTC_CHECKS__
_MARK = __PTC_MARK__
_TIMEOUT = __PTC_TIMEOUT__


def _module(name, source):
    module = _types.ModuleType(name)
    module.__file__ = name + ".py"
    _sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def _report(check, ok, detail=""):
    print(_MARK + _json.dumps({"id": check, "ok": ok, "detail": detail}),
          flush=True)


def _why(error):
    return "".join(_traceback.format_exception_only(type(error), error)).strip()


async def _check_all():
    try:
        exercise = _module("exercise", _CODE)
    except Exception as error:
        _report("loads", False, _why(error))
        return
    checks = _module("exercise_checks", _CHECKS)
    for name, check in list(vars(checks).items()):
        if not name.startswith("check_"):
            continue
        try:
            await asyncio.wait_for(check(exercise), _TIMEOUT)
        except AssertionError as error:
            _report(name[6:], False, str(error))
        except asyncio.TimeoutError:
            _report(name[6:], False, f"no answer within {_TIMEOUT:g} s")
        except Exception as error:
            _report(name[6:], False, _why(error))
        else:
            _report(name[6:], True)


# At module level: the page's runner turns it into an await, so Stop works.
asyncio.run(_check_all())
"""


def harness_template(checks_source: str) -> str:
    return (
        _HARNESS.replace("__PTC_CHECKS__", json.dumps(checks_source))
        .replace("__PTC_MARK__", json.dumps(MARK))
        .replace("__PTC_TIMEOUT__", repr(CHECK_TIMEOUT))
        .replace("__PTC_READER_CODE__", READER_CODE)
        .lstrip("\n")
    )


def results(output: str) -> dict[str, dict]:
    """The checks' results in a harness run's stdout, by check id."""
    found = {}
    for line in output.split("\n"):  # not splitlines(): it cuts at \x1e
        if line.startswith(MARK):
            result = json.loads(line[len(MARK) :])
            found[result["id"]] = result
    return found


def _attr(value) -> str:
    """An HTML attribute value: a string as it is, anything else as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return html.escape(text, quote=True)


def _fence(text: str, header: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return [f"{ticks}{header}", *text.rstrip("\n").split("\n"), ticks]


def _markdown_div(cls: str, text: str) -> list[str]:
    return [f'<div class="{cls}" markdown>', "", text, "", "</div>", ""]


def inline_html(text: str) -> str:
    """A hint as the page shows it: HTML-escaped, `code` in code marks."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


@cache
def checklib_constants(path: Path = CHECKLIB) -> dict[str, object]:
    """checklib's module-level constants that are literals (MESSAGES, ENDS,
    NO_LEFTOVERS, ...), read from its source with ast.literal_eval: checklib
    is the lab's stdlib-only file, not part of ptc, and a literal needs none
    of its code to run (nothing is imported by file path)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: dict[str, object] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue  # not a literal: code, which is not read here
        if isinstance(target, ast.Name):
            found[target.id] = value
        elif isinstance(target, ast.Tuple) and isinstance(value, tuple):
            names = [t.id for t in target.elts if isinstance(t, ast.Name)]
            if len(names) == len(value) == len(target.elts):
                found.update(zip(names, value, strict=True))
    for name in ("MESSAGES", "ENDS", "NO_LEFTOVERS"):
        if name not in found:
            raise ExerciseError(f"{_rel(path)}:1: no literal {name} = ...")
    return found


def checklib_messages() -> dict[str, dict[str, str]]:
    """checklib.MESSAGES: its lines' wording, by language."""
    return checklib_constants()["MESSAGES"]


_REGEX_SYNTAX = re.compile(r"[\\^$.*+?()[\]{}|/]")


def _regex_literal(text: str, before_wildcard: bool) -> str:
    """A template's literal text as a regex that means the same in Python
    and JavaScript (only syntax characters escaped); a run of whitespace
    matches any, and none before a part that matches anything (a terminal
    drops the trailing spaces of a line whose hint is empty)."""
    out = []
    chunks = [c for c in re.split(r"(\s+)", text) if c]
    for i, chunk in enumerate(chunks):
        if chunk.isspace():
            last = i == len(chunks) - 1
            out.append(r"\s*" if last and before_wildcard else r"\s+")
        else:
            out.append(_REGEX_SYNTAX.sub(lambda m: "\\" + m[0], chunk))
    return "".join(out)


def checker_pattern(template: str) -> dict:
    """One line of checklib's output as a pattern for a pasted copy of it:
    `re` (a regex the same in Python and JavaScript, one whole line, leading
    and trailing whitespace optional) and `groups`, the placeholder each
    capture group holds (CHECKER_CAPTURES)."""
    parts, groups = [], []
    fields = list(string.Formatter().parse(template.strip()))
    for literal, name, _spec, _conversion in fields:
        wildcard = name is not None and name not in CHECKER_CAPTURES
        parts.append(_regex_literal(literal, wildcard))
        if name is None:
            continue
        if wildcard:
            parts.append(".*?")
        else:
            parts.append(f"({CHECKER_CAPTURES[name]})")
            groups.append(name)
    return {"re": r"^\s*" + "".join(parts) + r"\s*$", "groups": groups}


def checker_patterns() -> dict[str, list[dict]]:
    """Every line the page reads from a pasted checker run, in each language
    checklib speaks (a reader may run the other language's lab): key (in
    CHECKER_LINES) to patterns (checker_pattern)."""
    messages = checklib_messages()
    return {
        key: [checker_pattern(messages[lang][key]) for lang in sorted(messages)]
        for key in CHECKER_LINES
    }


def local_hints(exercise: Exercise, lang: str) -> dict[str, str]:
    """A local fix or write exercise's checks and their hints, in the order
    its checker prints them: checklib's own (it ends; nothing left running;
    hints from its MESSAGES), then the exercise's (exercise.toml)."""
    constants = checklib_constants()
    messages = checklib_messages()[lang]
    own = {i: messages[i] for i in (constants["ENDS"], constants["NO_LEFTOVERS"])}
    return {**own, **exercise.texts[lang].hints}


def render_exercise(exercise: Exercise, lang: str, to_root: str) -> str:
    """One exercise as Markdown with HTML: its heading (the anchor), kind,
    time, task, code, the reader's controls (web/exercises.js) and the
    solution, hidden until asked for after an attempt."""
    text = exercise.texts[lang]
    label = lambda key, **v: labels.label(lang, f"exercise.{key}", **v)  # noqa: E731
    runs = (
        "recorded"
        if exercise.kind == "predict" and exercise.runs == "local"
        else exercise.runs
    )
    data = {
        "exercise": exercise.key,
        "anchor": exercise.anchor,
        "kind": exercise.kind,
        "runs": exercise.runs,
        "lang": lang,
    }
    attrs = " ".join(f'data-{k}="{_attr(v)}"' for k, v in data.items())
    if exercise.check_ids:
        hints = {i: inline_html(text.hints[i]) for i in exercise.check_ids}
        attrs += f' data-hints="{_attr(hints)}"'
        attrs += (
            f' data-harness="{_attr(harness_template(exercise.source("checks.py")))}"'
        )
    elif exercise.runs == "local" and exercise.kind != "predict":
        # Read back from a pasted checker run (web/exercises.js).
        hints = {i: inline_html(h) for i, h in local_hints(exercise, lang).items()}
        attrs += f' data-hints="{_attr(hints)}"'
    out = [
        f"### {label('heading', n=exercise.n, title=text.title)}"
        f" {{#{exercise.anchor}}}",
        "",
        f'<div class="ptc-exercise" {attrs} markdown>',
        "",
        f'<p class="ptc-exercise-meta"><span class="ptc-exercise-kind"'
        f' data-kind="{exercise.kind}">{label("kind." + exercise.kind)}</span>'
        f' · <span class="ptc-exercise-minutes">'
        f"{label('minutes', minutes=exercise.minutes)}</span>"
        f' · <span class="ptc-exercise-runs">{label("runs." + runs)}</span></p>',
        "",
        *_markdown_div("ptc-exercise-task", text.task),
    ]
    code = exercise.source_in(exercise.code_file, lang)
    if exercise.runs == "browser":
        # The page's runner gives it Run, Stop, Reset and an editor.
        header = f'{{ .python .ptc-run-code data-run-file="{exercise.code_file}" }}'
    else:
        header = "python"
    out += [*_fence(code, header), ""]
    if exercise.kind != "predict" and exercise.runs == "local":
        zip_href = f"{to_root}examples/{catalogue.ZIP_NAMES[lang]}"
        how = label("local", page=exercise.page, n=exercise.n)
        how = how.replace(label("local.zip"), f"[{label('local.zip')}]({zip_href})")
        out += [how, "", *_fence("python check.py starter.py", "console"), ""]
    if exercise.kind == "predict":
        predict = {"mode": exercise.mode}
        if exercise.mode == "order":
            predict["lines"] = exercise.shuffled_lines
        else:
            predict["options"] = list(exercise.options)
        # The answer is the real run (program.output.txt), held by a test.
        predict["answer"] = exercise.expected_output.rstrip("\n")
        # Without the script (a printout, the handout) the puzzle as text;
        # web/exercises.js puts its controls in its place.
        out += [
            f'<div class="ptc-predict" data-predict="{_attr(predict)}" markdown>',
            "",
            *_puzzle(exercise, lang),
            "</div>",
            "",
        ]
    # Hidden until asked for, so not in the search index either. A section,
    # not a div: Material's search stops excluding at the first inner </div>.
    out += [
        '<section class="ptc-solution" hidden data-search-exclude="" markdown>',
        "",
    ]
    out += [f'<p class="ptc-solution-label">{label("solution")}</p>', ""]
    if exercise.kind == "predict":
        out += [
            f'<p class="ptc-solution-output">{label("output")}</p>',
            "",
            *_fence(exercise.expected_output, "text"),
            "",
        ]
        if exercise.recorded:
            trace = exercise.program.trace_path.name
            href = download_path(exercise.page, exercise.n, trace, lang)
            figure = timelines.render(
                [exercise.program],
                lang,
                to_root,
                f"{exercise.anchor}-recording",
                downloads=[href],
            )
            out += [figure, ""]
    else:
        out += [*_fence(exercise.source_in("solution.py", lang), "python"), ""]
    out += [*_markdown_div("ptc-solution-explanation", text.explanation)]
    out += ["</section>", "", "</div>", ""]
    return "\n".join(out)


def _puzzle(exercise: Exercise, lang: str) -> list[str]:
    """A predict exercise's lines to order or options to choose, as text."""
    label = lambda key: labels.label(lang, f"exercise.{key}")  # noqa: E731
    if exercise.mode == "order":
        lines = "\n".join(exercise.shuffled_lines)
        return [label("sheet.order"), "", *_fence(lines, "text"), ""]
    out = [label("sheet.choose"), ""]
    for letter, option in zip("ABCDEFGH", exercise.options, strict=False):
        out += [f"{letter}.", "", *_fence(option, "text"), ""]
    return out


def render_page(page: str, lang: str, to_root: str) -> str:
    """The `[[exercises <page>]]` directive: the note that the exercises are
    the site's, and every exercise of the page."""
    found = on_page(page)
    if not found:
        raise LookupError(f"no exercises in exercises/{page}/")
    label = lambda key: labels.label(lang, f"exercise.{key}")  # noqa: E731
    js = labels.group("exercise.js")[lang]
    note = label("note").replace("\n", " ")
    # The lines of a pasted checker run, once for the page's local exercises.
    local = any(e.runs == "local" and e.kind != "predict" for e in found)
    checker = f' data-checker="{_attr(checker_patterns())}"' if local else ""
    out = [
        f'!!! info "{label("note.title")}"',
        f"    {note}",
        "",
        f'<div class="ptc-exercises" data-page="{page}" data-lang="{lang}"'
        f' data-labels="{_attr(js)}" data-count="{len(found)}"{checker}></div>',
        "",
    ]
    for exercise in found:
        out.append(render_exercise(exercise, lang, to_root))
    return "\n".join(out)


def _page_title(page: str, lang: str) -> str:
    return labels.label(lang, f"exercise.page.{page}")


def render_table(lang: str) -> str:
    """`[[exercise-table]]`: every exercise, a row each, linked to its page."""
    label = lambda key, **v: labels.label(lang, f"exercise.{key}", **v)  # noqa: E731
    head = [
        label(f"table.{c}") for c in ("exercise", "page", "kind", "runs", "minutes")
    ]
    rows = [
        "| " + " | ".join(head) + " |",
        "| " + " | ".join("---" for _ in head) + " |",
    ]
    for e in exercises():
        title = label("heading", n=e.n, title=e.texts[lang].title)
        runs = "recorded" if e.kind == "predict" and e.runs == "local" else e.runs
        cells = [
            f"[{title}]({e.page}.md#{e.anchor})",
            f"[{_page_title(e.page, lang)}]({e.page}.md#exercises)",
            label(f"kind.{e.kind}"),
            label(f"runs.{runs}"),
            str(e.minutes),
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    total = sum(e.minutes for e in exercises())
    return "\n".join(
        [*rows, "", label("table.total", n=len(exercises()), minutes=total)]
    )


def render_sheet(what: str, lang: str, to_root: str) -> str:
    """`[[exercise-sheet solutions]]` (the teacher's page) or
    `[[exercise-sheet tasks]]` (the students' printout, no solutions):
    every exercise by page, its task and code, and for the teacher its
    solution and explanation."""
    if what not in ("solutions", "tasks"):
        raise LookupError("an exercise sheet is `solutions` or `tasks`")
    label = lambda key, **v: labels.label(lang, f"exercise.{key}", **v)  # noqa: E731
    prefix = "solutions" if what == "solutions" else "sheet"
    out = []
    for page in PAGES:
        found = on_page(page)
        if not found:
            continue
        out += [f"## {_page_title(page, lang)} {{#{prefix}-{page}}}", ""]
        for e in found:
            text = e.texts[lang]
            runs = "recorded" if e.kind == "predict" and e.runs == "local" else e.runs
            out += [
                f"### {label('heading', n=e.n, title=text.title)}"
                f" {{#{prefix}-{page}-{e.n}}}",
                "",
                '<div class="ptc-sheet-item" markdown>',
                "",
                f"*{label('kind.' + e.kind)} · {label('minutes', minutes=e.minutes)}"
                f" · {label('runs.' + runs)}*"
                f" · [{label('sheet.online')}]({page}.md#{e.anchor})",
                "",
                text.task,
                "",
                *_fence(e.source_in(e.code_file, lang), "python"),
                "",
            ]
            if e.kind == "predict":
                out += _puzzle(e, lang)
            elif e.runs == "local":
                out += [label("local", page=page, n=e.n), ""]
                out += [*_fence("python check.py starter.py", "console"), ""]
            if what == "solutions":
                out += [f"**{label('solution')}**", ""]
                if e.kind == "predict":
                    out += [*_fence(e.expected_output, "text"), ""]
                else:
                    out += [*_fence(e.source_in("solution.py", lang), "python"), ""]
                    if e.runs == "local":
                        out += [label("sheet.local_solution"), ""]
                        out += [*_fence("python check.py solution.py", "console"), ""]
                out += [text.explanation, ""]
            out += ["</div>", ""]
    return "\n".join(out)
