"""The project's own Python (the package, hooks, tests, benchmarks and the
exercises' checkers) is formatted and linted by the pinned ruff, with
pyproject.toml's settings. The examples have their own line length and
their own test (tests/test_examples.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

ROOT = Path(__file__).resolve().parents[1]
CODE = ("src", "hooks", "tests", "benchmarks", "exercises")


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [find_ruff_bin(), *args, *CODE], capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.parametrize(
    "args", [("format", "--check"), ("check", "--output-format", "concise")]
)
def test_the_projects_code_passes_ruff(args):
    run = ruff(*args)
    assert run.returncode == 0, run.stdout + run.stderr
