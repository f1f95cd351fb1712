"""The local exercises' checkers, run the way a student runs them: from the
lab folder of the zip (ptc.lab), as `python check.py FILE.py`.

- For every local exercise, the reference solution passes every check and
  the starter fails at least one; the exercises about processes run under
  every start method this platform has.
- The check ids the checker reports are the ids the exercise gives hints
  for, in both languages.
- A student file that hangs, crashes, has a syntax error, or starts
  processes that never end gets a clear message and a non-zero exit, and
  nothing it started is left running: every run carries a unique tag in
  its environment, which every process it starts inherits, and the test
  scans /proc/*/environ for it.
- The zh lab folder's checkers speak Chinese; the en one's English.
- The lab folder needs only Python 3.10 (no tomllib).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from ptc import catalogue, exercises, lab

if not Path("/proc/self/environ").exists():
    pytest.skip(
        "finding leftover processes reads /proc/*/environ (Linux only)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow  # each test runs checkers, seconds each

EXERCISES = lab.local_exercises()
IDS = [exercise.key for exercise in EXERCISES]
BUILTIN = ("ends", "no-leftovers")
# The pages whose checkers run the file under every start method
# (comparison/4 chooses a process pool for its CPU-bound jobs).
PROCESS_PAGES = ("processes", "process-pools", "comparison")
METHODS = ("fork", "spawn", "forkserver")
# A starter that hangs is stopped after this (s; the default is 30): far
# past the longest wait inside a probe (threads/2 gives up after 8 s).
STARTER_TIMEOUT = "20"
# No checker run may take longer than this (s), whatever the file does.
CHECKER_LIMIT = 180
TAG = "LAB_TEST_RUN"
CJK = re.compile(r"[\u4e00-\u9fff]")
# A check's line in either language, as the page reads a pasted run:
# verdict ("passed", "failed", "unchecked") -> patterns (checklib's MESSAGES).
CHECK_LINES = {
    verdict: [re.compile(p["re"]) for p in patterns]
    for verdict, patterns in exercises.checker_patterns().items()
    if verdict in ("passed", "failed", "unchecked")
}


@pytest.fixture(scope="session")
def lab_folders(tmp_path_factory) -> dict[str, Path]:
    """The lab folder of each language, as the zip gives it."""
    root = tmp_path_factory.mktemp("lab")
    return {lang: lab.write_lab(root / lang, lang) for lang in catalogue.LANGS}


class Checked:
    def __init__(self, process: subprocess.CompletedProcess, tag: str):
        self.returncode = process.returncode
        self.output = process.stdout + process.stderr
        self.tag = tag

    @property
    def checks(self) -> list[tuple[str, str]]:
        """(verdict, check id) for each check line printed."""
        found = []
        for line in self.output.splitlines():
            for verdict, patterns in CHECK_LINES.items():
                if match := next(filter(None, (p.match(line) for p in patterns)), None):
                    found.append((verdict, match[1]))
        return found


def leftovers(tag: str) -> list[int]:
    """Live processes carrying the run's tag."""
    marker = f"{TAG}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if stat[stat.rindex(")") + 2] in "ZX":
                continue
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


def check(folder: Path, student: str, *options: str) -> Checked:
    """Run folder's check.py on `student` (a file in folder) as a student
    does, and require that nothing it started outlives it."""
    tag = uuid.uuid4().hex
    env = dict(os.environ, **{TAG: tag})
    env.pop("CHECKLIB_LANG", None)
    process = subprocess.run(
        [sys.executable, "check.py", student, *options],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHECKER_LIMIT,
    )
    left = leftovers(tag)
    assert not left, f"processes left running: {left}\n{process.stdout}"
    return Checked(process, tag)


def exercise_folder(lab_folders, exercise, lang="en") -> Path:
    return lab_folders[lang] / exercise.page / str(exercise.n)


@pytest.fixture(scope="session")
def solution_runs(lab_folders) -> dict[str, Checked]:
    """Each exercise's solution, checked once from the en lab folder."""
    runs = {}
    for exercise in EXERCISES:
        folder = exercise_folder(lab_folders, exercise)
        shutil.copy(exercise.folder / "solution.py", folder / "solution.py")
        runs[exercise.key] = check(folder, "solution.py")
    return runs


def test_there_are_local_exercises_on_each_lab_page():
    for page in lab.PAGES:
        numbers = [ex.n for ex in EXERCISES if ex.page == page]
        if page == "comparison":
            # Its first three are predict exercises; the fourth is checked.
            assert numbers == [4], page
            continue
        assert 2 <= len(numbers) <= 3, page
        assert numbers == list(range(1, len(numbers) + 1)), page


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_solution_passes_every_check(exercise, solution_runs):
    run = solution_runs[exercise.key]
    assert run.returncode == 0, run.output
    verdicts = {verdict for verdict, _ in run.checks}
    assert verdicts == {"passed"}, run.output
    if exercise.page in PROCESS_PAGES:
        import multiprocessing

        for method in multiprocessing.get_all_start_methods():
            assert f"Start method: {method}" in run.output, run.output
        assert set(multiprocessing.get_all_start_methods()) == set(METHODS)
    assert re.search(r"^All \d+ checks passed\.$", run.output, re.M)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_starter_fails_at_least_one_check(exercise, lab_folders):
    folder = exercise_folder(lab_folders, exercise)
    run = check(folder, "starter.py", "--timeout", STARTER_TIMEOUT)
    assert run.returncode == 1, run.output
    assert ("failed", "ends") in run.checks or any(
        verdict == "failed" and check_id not in BUILTIN
        for verdict, check_id in run.checks
    ), run.output
    assert re.search(r"^\d+ of \d+ checks passed\.$", run.output, re.M)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_check_has_a_hint_in_both_languages(exercise, solution_runs):
    reported = {check_id for _, check_id in solution_runs[exercise.key].checks}
    own = reported - set(BUILTIN)
    assert own, solution_runs[exercise.key].output
    for lang in catalogue.LANGS:
        hints = exercise.texts[lang].hints
        assert set(hints) == own, (lang, exercise.key)
        assert all(hint.strip() for hint in hints.values())


def test_the_zh_checker_speaks_chinese_and_the_en_one_english(lab_folders):
    exercise = next(ex for ex in EXERCISES if ex.key == "threads/1")
    hints = {lang: exercise.texts[lang].hints for lang in catalogue.LANGS}
    zh = check(exercise_folder(lab_folders, exercise, "zh"), "starter.py")
    en = check(exercise_folder(lab_folders, exercise, "en"), "starter.py")
    assert zh.returncode == en.returncode == 1
    assert "未通过" in zh.output and "项检查通过了" in zh.output
    assert hints["zh"]["no-lost-updates"] in zh.output
    assert exercise.texts["zh"].title in zh.output
    assert "FAIL  no-lost-updates" in en.output
    assert hints["en"]["no-lost-updates"] in en.output
    assert not CJK.search(en.output), en.output


# --- robustness: what a student's file may do --------------------------------

HANGS = """\
import time

while True:
    time.sleep(1)
"""
CRASHES = """\
def visit():
    raise ValueError("the counter is on fire")


visit()
"""
BAD_SYNTAX = """\
import threading


def count(:
    pass
"""
# A child that never ends: multiprocessing joins it at exit, so the
# program never ends either.
CHILD_NEVER_ENDS = """\
import multiprocessing
import time


def forever():
    while True:
        time.sleep(1)


if __name__ == "__main__":
    multiprocessing.Process(target=forever).start()
    print("started")
"""
# Processes that outlive the program: a grandchild in its session, and one
# that leaves the session (setsid), found only by its inherited tag.
LEAVES_PROCESSES = """\
import os
import subprocess
import sys

sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
subprocess.Popen(sleeper)
subprocess.Popen(sleeper, start_new_session=True)
if os.fork() == 0:
    os.execv(sys.executable, sleeper)
print("bye")
"""


def student_file(folder: Path, name: str, source: str) -> str:
    (folder / name).write_text(source, encoding="utf-8")
    return name


@pytest.fixture(params=["threads/1", "processes/1"])
def robust_folder(request, lab_folders) -> Path:
    """A checker with a probe (threads/1) and one that runs every start
    method (processes/1)."""
    exercise = next(ex for ex in EXERCISES if ex.key == request.param)
    return exercise_folder(lab_folders, exercise)


def test_a_file_that_hangs_is_stopped_with_a_clear_message(robust_folder):
    started = time.monotonic()
    name = student_file(robust_folder, "hangs.py", HANGS)
    run = check(robust_folder, name, "--timeout", "3")
    assert run.returncode == 1
    assert "did not end within 3 s" in run.output, run.output
    assert ("failed", "ends") in run.checks
    # The start methods' runs go at once, so a hang costs one timeout.
    assert time.monotonic() - started < 60


def test_a_file_that_crashes_shows_its_error(robust_folder):
    name = student_file(robust_folder, "crashes.py", CRASHES)
    run = check(robust_folder, name)
    assert run.returncode == 1
    assert "ended with exit code 1" in run.output, run.output
    assert "ValueError: the counter is on fire" in run.output
    assert 'crashes.py", line 2, in visit' in run.output
    assert "checklib.py" not in run.output  # the traceback starts in theirs


def test_ctrl_c_stops_the_checker_and_everything_it_started(robust_folder):
    """Each run has a session of its own, so Ctrl+C reaches only the
    checker: it must stop the runs itself."""
    name = student_file(robust_folder, "hangs.py", HANGS)
    tag = uuid.uuid4().hex
    checker = subprocess.Popen(
        [sys.executable, "check.py", name],
        cwd=robust_folder,
        env=dict(os.environ, **{TAG: tag}),
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not leftovers(tag)[1:] and time.monotonic() < deadline:
        time.sleep(0.1)  # until the checker's runs have started
    assert len(leftovers(tag)) > 1
    checker.send_signal(signal.SIGINT)
    output, _ = checker.communicate(timeout=20)
    assert checker.returncode == 130, output
    assert "Interrupted: the checker stopped your program" in output
    assert not leftovers(tag)


def test_a_syntax_error_names_the_file_and_line(robust_folder):
    name = student_file(robust_folder, "bad_syntax.py", BAD_SYNTAX)
    run = check(robust_folder, name)
    assert run.returncode == 2
    assert run.output.startswith("bad_syntax.py, line 4: "), run.output
    assert "def count(:" in run.output
    assert not run.checks  # nothing ran


def test_a_child_that_never_ends_is_stopped(robust_folder):
    name = student_file(robust_folder, "child_forever.py", CHILD_NEVER_ENDS)
    run = check(robust_folder, name, "--timeout", "5")
    assert run.returncode == 1
    assert "did not end within 5 s" in run.output, run.output


def test_processes_left_running_are_named_and_stopped(robust_folder):
    name = student_file(robust_folder, "leaves.py", LEAVES_PROCESSES)
    run = check(robust_folder, name)
    assert run.returncode == 1
    assert ("failed", "no-leftovers") in run.checks, run.output
    assert "ended but left 3 process(es) running" in run.output, run.output


def test_the_checker_chooses_the_start_method(lab_folders):
    """A file that sets its own start method is still run under each one,
    instead of failing with "context has already been set"."""
    exercise = next(ex for ex in EXERCISES if ex.key == "processes/1")
    folder = exercise_folder(lab_folders, exercise)
    solution = (exercise.folder / "solution.py").read_text("utf-8")
    chooses = solution.replace(
        "    main()", '    multiprocessing.set_start_method("spawn")\n    main()'
    )
    assert chooses != solution
    run = check(folder, student_file(folder, "chooses.py", chooses))
    assert run.returncode == 0, run.output
    assert "Start method: fork" in run.output


def test_a_missing_file_or_a_name_that_cannot_be_imported(lab_folders):
    exercise = next(ex for ex in EXERCISES if ex.key == "threads/1")
    folder = exercise_folder(lab_folders, exercise)
    run = check(folder, "nowhere.py")
    assert run.returncode == 2
    assert "There is no file nowhere.py." in run.output
    shutil.copy(folder / "starter.py", folder / "my answer.py")
    run = check(folder, "my answer.py")
    assert run.returncode == 2
    assert "must be a Python identifier" in run.output


# --- the lab folder ---------------------------------------------------------


def test_the_zips_hold_the_lab_folder_of_their_language(tmp_path):
    for lang in catalogue.LANGS:
        archive_path = tmp_path / catalogue.ZIP_NAMES[lang]
        catalogue.write_zip(archive_path, lang)
        root = catalogue.ZIP_ROOT
        with zipfile.ZipFile(archive_path) as archive:
            names = set(archive.namelist())
            readme = archive.read(f"{root}/lab/README.md").decode()
            for exercise in EXERCISES:
                inside = f"{root}/lab/{exercise.page}/{exercise.n}"
                for name in (*lab.SHIPPED, "checklib.py", "README.md"):
                    assert f"{inside}/{name}" in names, (lang, inside, name)
                messages = json.loads(archive.read(f"{inside}/messages.json"))
                assert messages["language"] == lang
                assert messages["hints"] == exercise.texts[lang].hints
                assert f"lab/{exercise.key}/" in readme
                assert exercise.texts[lang].title in readme
        assert not [n for n in names if n.endswith("solution.py")]
        assert "python3 check.py starter.py" in readme
        assert bool(CJK.search(readme)) == (lang == "zh")


def test_the_lab_runs_on_python_3_10(lab_folders):
    """No tomllib, no 3.11 syntax: the checker of the zh lab folder passes
    a solution under the oldest Python the site teaches."""
    candidates = [
        shutil.which("python3.10"),
        *Path(os.path.expanduser("~/.pyenv/versions")).glob("3.10.*/bin/python3"),
    ]
    python = next((str(p) for p in candidates if p and _runs(str(p))), None)
    if python is None:
        pytest.skip("no Python 3.10 on this machine")
    exercise = next(ex for ex in EXERCISES if ex.key == "process-pools/1")
    folder = exercise_folder(lab_folders, exercise, "zh")
    shutil.copy(exercise.folder / "solution.py", folder / "solution.py")
    process = subprocess.run(
        [python, "check.py", "solution.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=CHECKER_LIMIT,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "全部" in process.stdout


def _runs(python: str) -> bool:
    try:
        found = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return False
    return found.stdout.strip() == "(3, 10)"


def test_the_site_serves_each_lab_file(built_site: Path):
    for lang in catalogue.LANGS:
        for relative, data in lab.lab_files(lang).items():
            served = built_site / catalogue.download_path(relative, lang)
            assert served.read_bytes() == data, (lang, relative)
        exercise = EXERCISES[0]
        starter = exercises.download_path(exercise.page, exercise.n, "starter.py", lang)
        assert (built_site / starter).is_file()


def test_a_browser_shows_the_zh_lab_files_as_utf_8(site_url: str):
    """Opened rather than downloaded, a zh README or starter shows its
    Chinese: the server names the charset (ptc.offline_serve.MIME_TYPES)."""
    import urllib.request

    exercise = EXERCISES[0]
    for name in ("README.md", "starter.py"):
        path = exercises.download_path(exercise.page, exercise.n, name, "zh")
        with urllib.request.urlopen(site_url.rstrip("/") + "/" + path) as response:
            assert "charset=utf-8" in response.headers["Content-Type"], name
            assert CJK.search(response.read().decode("utf-8")), name
