"""Every Python snippet in docs/ runs, prints what the page shows, and is tidy.

A snippet's expected output is its `#>` lines. Identical snippets (the zh and
en copies of a page) run once. Snippets that use multiprocessing run under
each start method. `./dev fix-docs` (pytest --update-examples) rewrites the
formatting and the `#>` lines after a deliberate change.

A snippet skips only with its reason in a line of its own (ptc.snippets):
`# requires: Python 3.14` or, as its first line, `# not-run: <why>`.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples
from ruff.__main__ import find_ruff_bin

from ptc import ROOT, snippets
from ptc.fences import find_fences

DOCS = Path(os.environ.get("PTC_DOCS_DIR", ROOT / "docs"))


def markdown_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def collected() -> list[CodeExample]:
    return [ex for path in markdown_files() for ex in find_examples(path)]


def python_fences(path: Path) -> list[int]:
    """Line numbers of every fence a reader sees as Python, found independently."""
    lines = path.read_text("utf-8").splitlines()
    return [f.start + 1 for f in find_fences(lines) if f.lang in snippets.PYTHON_LANGS]


def _unique_snippets() -> dict[str, list[CodeExample]]:
    by_source: dict[str, list[CodeExample]] = defaultdict(list)
    for example in collected():
        by_source[example.source].append(example)
    return by_source


def _cases() -> list:
    return list(_iter_cases())


def _iter_cases():
    for copies in _unique_snippets().values():
        first = copies[0]
        for method in snippets.start_methods_for(first.source):
            case_id = str(first.path.relative_to(DOCS)) + f":{first.start_line}"
            if method:
                case_id += f"[{method}]"
            yield pytest.param(copies, method, id=case_id)


def _ruff_format(example: CodeExample) -> str:
    # ruff would turn the `#>` output marker into `# >`; shield it, as
    # pytest-examples does for black.
    shielded = re.sub(r"^( *)#> ", r"\1# PTC-OUTPUT ", example.source, flags=re.M)
    result = subprocess.run(
        [
            find_ruff_bin(),
            "format",
            f"--line-length={snippets.LINE_LENGTH}",
            f"--target-version={snippets.TARGET_VERSION}",
            "-",
        ],
        input=shielded,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"{example}: ruff format failed:\n{result.stderr}", pytrace=False)
    return re.sub(r"^( *)# PTC-OUTPUT ", r"\1#> ", result.stdout, flags=re.M)


def _check_format(example: CodeExample, eval_example: EvalExample) -> None:
    formatted = _ruff_format(example)
    if formatted == example.source:
        return
    if eval_example.update_examples:
        example.source = formatted
        eval_example._mark_for_update(example)
        return
    diff = "".join(
        difflib.unified_diff(
            example.source.splitlines(keepends=True),
            formatted.splitlines(keepends=True),
            f"{example} (as written)",
            "as ruff format writes it",
        )
    )
    pytest.fail(
        f"{example}: snippet is not ruff-formatted (./dev fix-docs):\n{diff}",
        pytrace=False,
    )


@pytest.fixture
def start_method(request):
    method = request.param
    if method is None:
        yield None
        return
    before = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    try:
        yield method
    finally:
        multiprocessing.set_start_method(before, force=True)


@pytest.mark.parametrize(
    ("copies", "start_method"), _cases(), indirect=["start_method"]
)
def test_snippet(copies: list[CodeExample], start_method, eval_example: EvalExample):
    eval_example.set_config(**snippets.EXAMPLES_CONFIG)
    # Only the first copy runs; in update mode every copy is rewritten.
    targets = copies if eval_example.update_examples else copies[:1]
    for example in targets:
        _check_format(example, eval_example)
        eval_example.lint_ruff(example)
    try:
        reason = snippets.skip_reason(copies[0].source, sys.version_info)
    except snippets.RuleError as bad:
        pytest.fail(f"{copies[0]}: {bad}", pytrace=False)
    if reason:
        pytest.skip(reason)
    # Under spawn and forkserver, children re-import __main__; a snippet's
    # module has no spec, and saying so lets multiprocessing pickle by name.
    options = {"module_globals": {"__spec__": None}, "rewrite_assertions": False}
    for example in targets:
        if eval_example.update_examples:
            eval_example.run_print_update(example, **options)
            continue
        try:
            eval_example.run_print_check(example, **options)
        except pytest.fail.Exception as failure:
            problem = (
                "what the snippet prints differs from its #> lines "
                f"(./dev fix-docs rewrites them):\n{failure.msg}"
            )
        except Exception as error:
            # Formatting pytest-examples' rewritten traceback crashes pytest on
            # 3.11 (FACTS.md), so report the snippet's own lines ourselves.
            problem = f"the snippet raised:\n{_snippet_traceback(error, example)}"
        else:
            continue
        pytest.fail(f"{example}: {problem}", pytrace=False)


def _snippet_traceback(error: BaseException, example: CodeExample) -> str:
    lines = example.path.read_text("utf-8").splitlines()
    out = []
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(example.path):
            text = lines[tb.tb_lineno - 1].strip() if tb.tb_lineno <= len(lines) else ""
            out.append(f"  {example.path}:{tb.tb_lineno}\n    {text}")
        tb = tb.tb_next
    out.append(f"{type(error).__name__}: {error}")
    return "\n".join(out)


def test_every_python_fence_is_collected():
    """A fence that pytest-examples cannot see would go untested: fail on it."""
    seen = {(ex.path, ex.start_line) for ex in collected()}
    missed = [
        f"{path.relative_to(DOCS.parent)}:{lineno}"
        for path in markdown_files()
        for lineno in python_fences(path)
        if (path, lineno) not in seen
    ]
    assert not missed, (
        "Python fences the snippet tests do not collect (use ```py at the "
        "indentation of its block, closed by the same fence):\n  " + "\n  ".join(missed)
    )


def test_there_are_snippets():
    assert len(_unique_snippets()) >= 10, "docs/ should teach with runnable snippets"


def test_a_wrong_expected_output_names_file_and_line(tmp_path: Path):
    """The failure a writer sees for a wrong `#>` line: file, line and a diff."""
    (tmp_path / "bad.md").write_text(
        '# Bad\n\n```py\nprint("printed")\n#> promised\n```\n', "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-k", "test_snippet", "-q"],
        cwd=ROOT,
        env={**os.environ, "PTC_DOCS_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stdout
    assert "bad.md:3-" in result.stdout
    assert "-#> promised" in result.stdout
    assert "+#> printed" in result.stdout
