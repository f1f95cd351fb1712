"""The rules for code on the site: what a fence is, what its comments say,
and which code runs under every start method.

A snippet (a ```py fence on a page) or an example file may say why it
cannot run everywhere, in a comment line of its own:
- `# requires: Python 3.14`: skip on older Pythons, with that reason;
- `# not-run: <reason>` as a snippet's first line: never run.
A line that starts like one of these but does not follow the form is an
error, so a typo cannot turn a skip into a silent run or the reverse.
"""

from __future__ import annotations

import multiprocessing
import re

# Fence languages a reader sees as Python, and those the snippet tests run.
PYTHON_LANGS = frozenset({"py", "python", "python3", "pycon", "py3"})
RUN_LANGS = ("py", "python")

# How snippets are formatted and checked (pytest-examples and ruff).
LINE_LENGTH = 79
TARGET_VERSION = "py310"
EXAMPLES_CONFIG = {
    "line_length": LINE_LENGTH,
    "target_version": TARGET_VERSION,
    "quotes": "double",
}

# Code that starts processes runs under each of these (Linux has all three).
START_METHODS = tuple(multiprocessing.get_all_start_methods())
USES_PROCESSES = re.compile(
    r"\b(multiprocessing|ProcessPoolExecutor|InterpreterPoolExecutor)\b"
)

REQUIRES = re.compile(r"^# requires: Python (\d+)\.(\d+)$")
NOT_RUN = re.compile(r"^# not-run: (\S.*)$")
_LOOKS_LIKE = re.compile(r"^\s*#\s*(requires|not-run)\b", re.I)


class RuleError(ValueError):
    """A `# requires:` or `# not-run:` line that does not follow the form."""


def _directive_lines(source: str):
    for lineno, line in enumerate(source.splitlines(), start=1):
        if _LOOKS_LIKE.match(line):
            yield lineno, line.rstrip()


def requires(source: str) -> tuple[int, int] | None:
    """The Python version a `# requires: Python X.Y` line asks for."""
    for lineno, line in _directive_lines(source):
        if _LOOKS_LIKE.match(line)[1].lower() != "requires":
            continue
        if match := REQUIRES.match(line):
            return int(match[1]), int(match[2])
        raise RuleError(
            f"line {lineno}: {line.strip()!r} should read '# requires: Python 3.X'"
        )
    return None


def not_run(source: str) -> str | None:
    """The reason a snippet's `# not-run: <reason>` first line gives."""
    first = next((ln for ln in source.splitlines() if ln.strip()), "")
    for lineno, line in _directive_lines(source):
        if _LOOKS_LIKE.match(line)[1].lower() != "not-run":
            continue
        match = NOT_RUN.match(line)
        if match and line == first.rstrip():
            return match[1]
        raise RuleError(
            f"line {lineno}: {line.strip()!r} should be the first line and read "
            "'# not-run: <reason>'"
        )
    return None


def skip_reason(source: str, version: tuple[int, ...]) -> str | None:
    """Why this code does not run on a Python of `version`, or None."""
    if reason := not_run(source):
        return f"not run: {reason}"
    needed = requires(source)
    if needed and tuple(version[:2]) < needed:
        return f"needs Python {needed[0]}.{needed[1]} (says its '# requires:' line)"
    return None


def uses_processes(source: str) -> bool:
    return bool(USES_PROCESSES.search(source))


def start_methods_for(source: str) -> tuple[str | None, ...]:
    """Every start method for code that starts processes; else one plain run."""
    return START_METHODS if uses_processes(source) else (None,)
