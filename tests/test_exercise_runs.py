"""The exercises are true and not vacuous, under CPython and real Pyodide.

- A predict exercise's answer is its program's output file, and that file is
  what a real run prints: on every CPython >= 3.10 found (tests/test_examples
  finds them), under every start method when it starts processes, and under
  the site's own runner in Pyodide when it runs in the browser.
- A browser exercise's reference solution passes every check, and its
  starter fails at least one, run through the same harness the Check button
  runs (ptc.exercises.HARNESS): on every CPython and in Pyodide (Node, as
  tests/test_runtime_pyodide.py runs the examples).
- zh and en have the same exercises, texts and anchors on every page.
- What a task says a starter does, it does: the deadlock starter needs
  Ctrl+C twice.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_examples import PYTHONS, check_ended, run_example
from test_examples import site_dir as site_dir  # the fixture
from test_runtime_pyodide import run_in_pyodide

from ptc import exercises, snippets

EXERCISES = exercises.exercises()
PREDICT = [e for e in EXERCISES if e.kind == "predict"]
CHECKED = [e for e in EXERCISES if e.check_ids]
# Checks that time something (a blocked loop, a timeout) run alone.
TIMED = {e.key for e in CHECKED if "perf_counter" in e.source("checks.py")}


def predict_cases():
    for e in PREDICT:
        source = e.source("program.py")
        # Its order rests on sleeps far apart (a worker's start, a join's
        # timeout): on a loaded machine it runs alone, as examples that
        # read a clock do.
        marks = [pytest.mark.serial] if "time.sleep" in source else []
        for python in PYTHONS:
            for method in snippets.start_methods_for(source):
                yield pytest.param(
                    e,
                    python,
                    method,
                    id=f"{e.key}-{python.minor}-{method or 'any'}",
                    marks=marks,
                )


@pytest.mark.slow
@pytest.mark.parametrize(("exercise", "python", "method"), list(predict_cases()))
def test_a_predict_answer_is_what_a_real_run_prints(
    exercise,
    python,
    method,
    site_dir,
    tmp_path,
):
    run = run_example(
        exercise.folder / "program.py", python, method, site_dir, tmp_path
    )
    where = f"{exercise.key} on {python.label}, start method {method}"
    check_ended(run, where)
    assert run.returncode == 0, f"{where}: exit {run.returncode}\n{run.stderr}"
    assert not run.leftovers, f"{where}: processes left behind"
    assert run.stdout == exercise.expected_output, where


def harness_run(python, exercise, name: str) -> dict[str, dict]:
    code = exercise.source(name)
    result = subprocess.run(
        [python.executable, "-c", exercise.harness(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = exercises.results(result.stdout)
    assert result.returncode == 0, result.stderr
    return found


def checked_cases():
    for e in CHECKED:
        marks = [pytest.mark.serial] if e.key in TIMED else []
        for python in PYTHONS:
            yield pytest.param(e, python, id=f"{e.key}-{python.minor}", marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize(("exercise", "python"), list(checked_cases()))
def test_the_solution_passes_every_check_and_the_starter_fails_one(exercise, python):
    solved = harness_run(python, exercise, "solution.py")
    assert list(solved) == list(exercise.check_ids), solved
    failed = [i for i, r in solved.items() if not r["ok"]]
    assert not failed, f"{exercise.key}: the solution fails {failed}: {solved}"
    started = harness_run(python, exercise, "starter.py")
    assert any(not r["ok"] for r in started.values()), (
        f"{exercise.key}: the starter passes every check, so they check nothing"
    )


def harness_results(python, exercise, code: str) -> dict[str, bool]:
    result = subprocess.run(
        [python.executable, "-c", exercise.harness(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {i: r["ok"] for i, r in exercises.results(result.stdout).items()}


@pytest.mark.slow
@pytest.mark.parametrize(
    "exercise",
    [
        pytest.param(e, id=e.key, marks=[pytest.mark.serial] if e.key in TIMED else [])
        for e in CHECKED
    ],
)
def test_the_chinese_versions_pass_and_fail_the_same_checks(exercise):
    """The zh page shows the code with Chinese comments: same results."""
    python = PYTHONS[0]
    for name in ("solution.py", "starter.py"):
        en = harness_results(python, exercise, exercise.source(name))
        zh = harness_results(python, exercise, exercise.source_in(name, "zh"))
        assert zh == en, (exercise.key, name)


@pytest.fixture(scope="module")
def pyodide_results():
    """Every harness and browser predict program, in one Pyodide load."""
    cases = []
    for e in CHECKED:
        for name in ("solution.py", "starter.py"):
            cases.append(
                {
                    "id": f"{e.key}:{name}",
                    "source": e.harness(e.source(name)),
                    "filename": "exercise_check.py",
                }
            )
    for e in PREDICT:
        if e.runs == "browser":
            cases.append(
                {
                    "id": f"{e.key}:program.py",
                    "source": e.source("program.py"),
                    "filename": "program.py",
                }
            )
    return run_in_pyodide(cases)


@pytest.mark.slow
@pytest.mark.serial  # the timed checks share the one Pyodide run
@pytest.mark.xdist_group("pyodide")
@pytest.mark.parametrize("exercise", CHECKED, ids=lambda e: e.key)
def test_in_pyodide_the_solution_passes_and_the_starter_fails(
    exercise, pyodide_results
):
    solved = exercises.results(pyodide_results[f"{exercise.key}:solution.py"]["stdout"])
    assert list(solved) == list(exercise.check_ids), pyodide_results
    assert all(r["ok"] for r in solved.values()), solved
    started = exercises.results(pyodide_results[f"{exercise.key}:starter.py"]["stdout"])
    assert any(not r["ok"] for r in started.values()), started


@pytest.mark.slow
@pytest.mark.serial
@pytest.mark.xdist_group("pyodide")
@pytest.mark.parametrize(
    "exercise", [e for e in PREDICT if e.runs == "browser"], ids=lambda e: e.key
)
def test_in_pyodide_a_predict_program_prints_the_answer(exercise, pyodide_results):
    result = pyodide_results[f"{exercise.key}:program.py"]
    assert result["status"] == "ok", result["stderr"]
    assert result["stdout"] == exercise.expected_output


def test_zh_and_en_have_the_same_exercises_and_anchors():
    for page in exercises.PAGES:
        zh = exercises.render_page(page, "zh", "../")
        en = exercises.render_page(page, "en", "../../")
        anchors = lambda text: [  # noqa: E731
            line.rsplit("{#", 1)[1].rstrip("}")
            for line in text.split("\n")
            if line.startswith("### ")
        ]
        assert anchors(zh) == anchors(en) == [e.anchor for e in exercises.on_page(page)]
    for page in exercises.PAGES:
        for suffix in (".md", ".en.md"):
            text = (Path(exercises.ROOT) / "docs" / f"{page}{suffix}").read_text(
                "utf-8"
            )
            assert f"[[exercises {page}]]" in text
            assert "{#exercises}" in text


def code_lines(exercise, name: str, lang: str) -> list[str]:
    """A file's lines without their comments (which the languages differ in)."""
    return [
        line.split("#")[0].strip()
        for line in exercise.source_in(name, lang).split("\n")
    ]


def test_the_built_pages_hold_every_exercise_and_only_the_teacher_solutions(
    built_site,
):
    """Each topic page has its exercises under their anchors, solutions
    hidden; the teacher's page shows every solution, the worksheet none."""
    import lxml.html

    for lang, root in (("zh", built_site), ("en", built_site / "en")):
        teacher = (root / "teachers" / "index.html").read_text("utf-8")
        # Hidden solutions are not searchable on the topic pages.
        index = json.loads((root / "search" / "search_index.json").read_text("utf-8"))
        indexed = {d["location"]: d["text"] for d in index["docs"]}
        sheet = (root / "worksheet" / "index.html").read_text("utf-8")
        for e in EXERCISES:
            page = lxml.html.parse(str(root / e.page / "index.html"))
            (heading,) = page.xpath(f'//h3[@id="{e.anchor}"]')
            own_text = indexed[f"{e.page}/#{e.anchor}"]  # its section, searched
            (box,) = page.xpath(f'//div[@data-exercise="{e.key}"]')
            (solution,) = box.xpath('.//*[@class="ptc-solution"]')
            assert solution.get("hidden") is not None, e.key
            assert f'href="../{e.page}/#{e.anchor}"' in teacher, (lang, e.key)
            assert f'id="solutions-{e.page}-{e.n}"' in teacher
            assert f'id="sheet-{e.page}-{e.n}"' in sheet
            if e.kind != "predict":
                # A line only the solution has is on the teacher's page alone.
                starter = set(code_lines(e, "starter.py", lang))
                solution = code_lines(e, "solution.py", lang)
                only = max((c for c in solution if c not in starter), key=len)
                assert only in lxml.html.fromstring(teacher).text_content(), e.key
                assert only not in lxml.html.fromstring(sheet).text_content(), e.key
                assert only not in own_text, e.key
            plain = re.split(r"`[^`]*`|\*\*|\[|\]", e.texts[lang].explanation)
            piece = max(plain, key=len).strip()[:20]
            assert piece not in own_text, (lang, e.key, piece)


def cpu_ticks(pid: int) -> int:
    """User plus system time of a process, in clock ticks (/proc, Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to see a deadlock")
@pytest.mark.parametrize("python", PYTHONS, ids=lambda p: f"py{p.minor}")
def test_the_deadlock_starter_needs_ctrl_c_twice(python):
    """threads/2's task says so: the first Ctrl+C stops the main thread, then
    Python waits at exit for the two deadlocked threads."""
    (deadlock,) = [e for e in EXERCISES if e.key == "threads/2"]
    assert all("Ctrl+C" in t.task for t in deadlock.texts.values()), "no longer said"
    for _ in range(10):  # it deadlocks on most runs, not on all
        run = subprocess.Popen(
            [python.executable, str(deadlock.folder / "starter.py")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            time.sleep(1.0)
            if run.poll() is not None:
                continue  # it finished without a deadlock
            before = cpu_ticks(run.pid)
            time.sleep(0.5)
            if cpu_ticks(run.pid) != before:
                continue  # still working, on a slow machine: not a deadlock
            run.send_signal(signal.SIGINT)
            time.sleep(1.0)
            assert run.poll() is None, "it ended on the first Ctrl+C"
            run.send_signal(signal.SIGINT)
            run.wait(timeout=5)
            assert "KeyboardInterrupt" in run.stderr.read()
            return
        finally:
            run.kill()
            run.wait()
    pytest.fail(f"{python.label}: the starter never deadlocked in 10 runs")
