"""The rules a snippet's or an example's comments state."""

from __future__ import annotations

import multiprocessing

import pytest

from ptc import snippets


def test_requires_is_read_from_its_own_line_anywhere_at_the_top():
    assert snippets.requires("# requires: Python 3.14\nimport x\n") == (3, 14)
    doc = '"""Doc."""\n# requires: Python 3.11\n\nimport asyncio\n'
    assert snippets.requires(doc) == (3, 11)
    assert snippets.requires("import asyncio\n") is None


@pytest.mark.parametrize(
    "bad",
    [
        "# requires: python 3.14",
        "# requires: Python 3",
        "#requires: Python 3.14",
        "# Requires: Python 3.14",
        "# requires: Python 3.14 or later",
    ],
)
def test_a_misspelt_requires_line_is_an_error_not_a_silent_run(bad):
    with pytest.raises(snippets.RuleError, match="line 1: .*# requires: Python 3.X"):
        snippets.requires(bad + "\nprint(1)\n")


def test_not_run_must_be_the_first_line_and_give_a_reason():
    assert snippets.not_run("# not-run: reads input()\nx = input()\n") == (
        "reads input()"
    )
    assert snippets.not_run("print(1)\n") is None
    with pytest.raises(snippets.RuleError, match="line 2: .*first line"):
        snippets.not_run("print(1)\n# not-run: too late\n")
    with pytest.raises(snippets.RuleError, match="not-run: <reason>"):
        snippets.not_run("# not-run:\nprint(1)\n")


def test_skip_reason_compares_versions():
    source = "# requires: Python 3.12\n"
    assert snippets.skip_reason(source, (3, 11, 7)) == (
        "needs Python 3.12 (says its '# requires:' line)"
    )
    assert snippets.skip_reason(source, (3, 12, 0)) is None
    assert snippets.skip_reason("# not-run: a fragment\n", (3, 14)) == (
        "not run: a fragment"
    )


@pytest.mark.parametrize(
    "source",
    [
        "import multiprocessing\n",
        "from concurrent.futures import ProcessPoolExecutor\n",
        "from concurrent.futures import InterpreterPoolExecutor\n",
    ],
)
def test_code_that_starts_processes_runs_under_every_start_method(source):
    assert snippets.start_methods_for(source) == snippets.START_METHODS
    assert set(snippets.START_METHODS) == set(multiprocessing.get_all_start_methods())


def test_other_code_runs_once():
    assert snippets.start_methods_for("import threading\n") == (None,)
    assert snippets.start_methods_for("multiprocessingx = 1\n") == (None,)
