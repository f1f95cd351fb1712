"""Run a student's file and check it: the helper every lab's check.py uses.

Stdlib only, Python 3.10 or newer, one file: the lab folder has a copy
beside each check.py. A check.py calls main() with its checks; main():

- refuses a file that does not compile, naming its file and line;
- runs the file as a program (`python file.py`), once per start method
  when processes matter (fork, forkserver, spawn: those this platform has);
- when the check.py has a probe(), runs it too, in another fresh process
  that imports the file as a module (its `__main__` block does not run);
- runs each in a session of its own, with a timeout: a file that hangs is
  stopped with every process it started, and so is one that ends but leaves
  processes running;
- prints one line per check (passed, or failed with its hint), a summary,
  and exits 0 only when every check passes (1 when one fails, 2 when the
  file cannot be checked at all).

On Windows, where there are no sessions, a stuck program is stopped with
its tree of processes (taskkill /T), but processes it leaves running after
it ends are not looked for.

The messages speak the reader's language: this file's MESSAGES, and the
hints of the exercise (`messages.json` beside check.py, written from the
exercise's exercise.toml when the lab folder is built).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import multiprocessing
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 30.0  # s a run may take before it counts as stuck
# multiprocessing's helpers (resource tracker, forkserver) exit when they
# see their parent's pipe close; give them this long before calling them
# left behind.
LEFTOVER_GRACE = 3.0
STOP_WAIT = 10.0  # s the checker waits for killed processes to be gone
# Every process a run starts inherits this variable, so Linux can find even
# one that left the session (/proc/<pid>/environ).
TAG = "CHECKLIB_RUN"
# What is shown of a crash's stderr: lines of the last traceback's frames,
# and of its exception (or of the end, when there is no traceback).
FRAME_LINES, STDERR_LINES = 6, 16
STDOUT_LINES = 12  # lines from the start of stdout shown when a check fails
EXIT_FAILED, EXIT_UNCHECKABLE, EXIT_INTERRUPTED = 1, 2, 130
# The checks main() adds to every exercise's own; their hints are here.
ENDS, NO_LEFTOVERS = "ends", "no-leftovers"

MESSAGES = {
    "en": {
        "checking": "Checking {file} for exercise {exercise}: {title}",
        "method": "Start method: {method}",
        "default_method": "Default start method",
        "passed": "  PASS  {check}",
        "failed": "  FAIL  {check}: {hint}",
        "unchecked": "  ----  {check}: not checked, {why}",
        "why_stuck": "as the program did not end",
        "why_probe": "as the checker's call into your code did not return",
        "summary_ok": "All {total} checks passed.",
        "summary": "{passed} of {total} checks passed.",
        "ends": "the program ends by itself, with exit code 0",
        "no-leftovers": "every process the program started has ended "
        "when it ends",
        "timeout": "{what} did not end within {seconds:g} s, so it was "
        "stopped, with every process it started. Is something waiting "
        "forever (a deadlock, a call with no timeout, a process that is "
        "never told to stop)?",
        "exit_code": "{what} ended with exit code {code}. The end of what "
        "it printed to stderr:",
        "stderr_before": "The end of what it printed to stderr before then:",
        "same_stderr": "(the same as shown above)",
        "killed": "{what} was killed by signal {signal}.",
        "leftovers": "{what} ended but left {count} process(es) running; "
        "the checker stopped them.",
        "printed": "What your program printed:",
        "program": "Your program",
        "probe": "The checker's call into your code",
        "syntax": "{file}, line {line}: {message}",
        "no_file": "There is no file {file}.",
        "bad_name": "{file}: the checker imports this file as a module, so "
        "its name must be a Python identifier (like my_solution.py).",
        "usage": "python check.py [FILE.py]  (default: starter.py)",
        "interrupted": "Interrupted: the checker stopped your program and "
        "every process it started.",
    },
    "zh": {
        "checking": "检查 {file}：练习 {exercise}，{title}",
        "method": "启动方式：{method}",
        "default_method": "默认启动方式",
        "passed": "  通过    {check}",
        "failed": "  未通过  {check}：{hint}",
        "unchecked": "  ----    {check}：未检查，{why}",
        "why_stuck": "因为程序没有结束",
        "why_probe": "因为检查器对你的代码的调用没有正常返回",
        "summary_ok": "全部 {total} 项检查通过。",
        "summary": "{total} 项检查通过了 {passed} 项。",
        "ends": "程序自己结束，退出码为 0",
        "no-leftovers": "程序结束时，它启动的进程都已结束",
        "timeout": "{what}在 {seconds:g} 秒内没有结束，检查器已停止它"
        "及它启动的所有进程。是不是有什么在永远等待（死锁、没有超时的调用、"
        "从未被通知停止的进程）？",
        "exit_code": "{what}以退出码 {code} 结束。它在 stderr 上最后的输出：",
        "stderr_before": "在那之前它在 stderr 上最后的输出：",
        "same_stderr": "（与上面显示的相同）",
        "killed": "{what}被信号 {signal} 终止。",
        "leftovers": "{what}结束了，但留下 {count} 个进程还在运行；"
        "检查器已停止它们。",
        "printed": "你的程序打印的内容：",
        "program": "你的程序",
        "probe": "检查器对你的代码的调用",
        "syntax": "{file}，第 {line} 行：{message}",
        "no_file": "没有文件 {file}。",
        "bad_name": "{file}：检查器把这个文件当作模块导入，所以文件名必须是"
        "合法的 Python 标识符（比如 my_solution.py）。",
        "usage": "python check.py [文件.py]  （默认：starter.py）",
        "interrupted": "已中断：检查器停止了你的程序及它启动的所有进程。",
    },
}


@dataclass
class Run:
    """One run of the student's file in a fresh process."""

    returncode: int | None = None  # None: it did not end in time
    stdout: str = ""
    stderr: str = ""
    leftovers: int = 0  # processes still running after it ended
    facts: dict = field(default_factory=dict)  # what probe() returned

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


@dataclass
class Result:
    """What check.py's checks() receives: the program's run, the probe's."""

    method: str | None
    program: Run
    probe: Run

    @property
    def stdout(self) -> str:
        return self.program.stdout

    @property
    def lines(self) -> list[str]:
        return self.program.lines

    @property
    def facts(self) -> dict:
        """What probe() returned; reading it marks the check being worked
        out as one that needs the probe (unchecked when the probe failed)."""
        return _Facts(self.probe.facts, self)

    used_probe: bool = False


class _Facts(dict):
    """The probe's facts, telling their Result whenever they are read."""

    def __init__(self, facts: dict, result: Result):
        super().__init__(facts)
        self._result = result

    def _read(self):
        self._result.used_probe = True

    def get(self, *args):
        self._read()
        return super().get(*args)

    def __getitem__(self, key):
        self._read()
        return super().__getitem__(key)

    def __len__(self):
        self._read()
        return super().__len__()

    def __contains__(self, key):
        self._read()
        return super().__contains__(key)


# --- running a file in a session of its own -------------------------------


def _processes_of(tag: str, session: int) -> list[int]:
    """Live processes of a run: in its session, or carrying its tag."""
    if not Path("/proc/self/stat").exists():
        try:  # no /proc: ask whether the process group has members
            os.killpg(session, 0)
        except (ProcessLookupError, PermissionError):
            return []
        return [session]
    found = []
    marker = f"{TAG}={tag}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] in "ZX":  # a zombie waits for a parent, not us
                continue
            mine = int(fields[3]) == session
            if not mine:
                mine = marker in (entry / "environ").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue  # ended meanwhile, or not ours to read
        if mine:
            found.append(int(entry.name))
    return found


def _stop_all(tag: str, session: int, wait: bool = False) -> None:
    """Kill the run's processes; with `wait`, until none is left (a killed
    process takes a moment to go on a busy machine)."""
    deadline = time.monotonic() + STOP_WAIT
    _kill_all(tag, session)
    while wait and os.name != "nt" and time.monotonic() < deadline:
        if not _processes_of(tag, session):
            return
        time.sleep(0.05)
        _kill_all(tag, session)


def _kill_all(tag: str, session: int) -> None:
    if os.name == "nt":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(session)],
            capture_output=True,
            check=False,
        )
        return
    for pid in [session, *_processes_of(tag, session)]:
        try:
            if pid == session:
                os.killpg(session, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


# The runs under way, pid to tag: Ctrl+C reaches only the checker (each
# run has a session of its own), so the checker stops them itself.
_LIVE: dict[int, str] = {}
_STOPPING = threading.Event()  # set on Ctrl+C: no run may go on


def run_isolated(args: list[str], timeout: float, cwd: Path) -> Run:
    """Run `python args…` in a new session; stop it, and everything it
    started, after `timeout` s or once it has ended."""
    tag = uuid.uuid4().hex
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    env[TAG] = tag
    # Files, not pipes: a left-behind process holding a pipe open would
    # keep the checker waiting for the pipe's end.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        options = {}
        if os.name == "nt":
            options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            options["start_new_session"] = True
        process = subprocess.Popen(
            [sys.executable, *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            **options,
        )
        _LIVE[process.pid] = tag
        if _STOPPING.is_set():  # started as the checker was stopping
            _stop_all(tag, process.pid)
        run = Run()
        try:
            run.returncode = process.wait(timeout)
        except subprocess.TimeoutExpired:
            _stop_all(tag, process.pid)
            process.wait()
        else:
            run.leftovers = _wait_for_leftovers(tag, process.pid)
        _stop_all(tag, process.pid, wait=True)
        _LIVE.pop(process.pid, None)
        out.seek(0)
        err.seek(0)
        run.stdout = out.read().decode("utf-8", "replace")
        run.stderr = err.read().decode("utf-8", "replace")
    return run


def _wait_for_leftovers(tag: str, session: int) -> int:
    if os.name == "nt":
        return 0  # no sessions to look in (see the module's docstring)
    deadline = time.monotonic() + LEFTOVER_GRACE
    while True:
        alive = _processes_of(tag, session)
        if not alive or time.monotonic() > deadline:
            return len(alive)
        time.sleep(0.05)


# --- inside the fresh process ---------------------------------------------


def _serve(mode: str, method: str, paths: list[str]) -> None:
    """The fresh process's side: pick the start method, then run the
    student's file as a program, or import it and call check.probe()."""
    if method != "default":
        multiprocessing.set_start_method(method, force=True)
        # The checker chooses the start method; a call in the file would
        # fail ("context has already been set"), so it is left out.
        multiprocessing.set_start_method = _leave_start_method(method)
    if mode == "run":
        (student,) = paths
        sys.argv = [student]
        sys.path[0] = str(Path(student).parent)
        with _traceback_from({student}):
            runpy.run_path(student, run_name="__main__")
        return
    check, student, facts_file = (Path(p) for p in paths)
    sys.argv = [str(student)]
    sys.path[0:1] = [str(student.parent), str(check.parent)]
    with _traceback_from({str(student), str(check)}):
        # Imported by name, so that processes it starts under spawn and
        # forkserver can import it again to find its functions.
        module = importlib.import_module(student.stem)
        facts = importlib.import_module(check.stem).probe(module)
    Path(facts_file).write_text(json.dumps(facts), encoding="utf-8")


def _leave_start_method(method: str):
    def set_start_method(wanted, force=False):
        print(
            f"checklib: set_start_method({wanted!r}) skipped: the checker "
            f"runs this file under {method!r}",
            file=sys.stderr,
        )

    return set_start_method


@contextlib.contextmanager
def _traceback_from(files: set[str]):
    """Show an exception's traceback from the first frame in `files`: the
    reader's code, not this helper's or runpy's."""
    try:
        yield
    except Exception as error:
        frames = error.__traceback__
        while frames and frames.tb_frame.f_code.co_filename not in files:
            frames = frames.tb_next
        traceback.print_exception(
            type(error), error, frames or error.__traceback__
        )
        sys.exit(1)


# --- the checker's side ---------------------------------------------------


def _language(check_dir: Path, asked: str | None) -> tuple[str, dict]:
    """The language and the exercise's messages: messages.json in a lab
    folder; in the project's own tree, exercise.toml (Python 3.11+)."""
    built = check_dir / "messages.json"
    if built.exists():
        exercise = json.loads(built.read_text(encoding="utf-8"))
        return exercise["language"], exercise
    import tomllib

    language = asked or os.environ.get("CHECKLIB_LANG", "en")
    with open(check_dir / "exercise.toml", "rb") as source:
        text = tomllib.load(source)[language]
    page, number = check_dir.parent.name, check_dir.name
    exercise = {
        "exercise": f"{page}/{number}",
        "title": text["title"],
        "hints": text["hints"],
    }
    return language, exercise


def _syntax_error(path: Path, say) -> str | None:
    try:
        compile(path.read_bytes(), str(path), "exec")
    except SyntaxError as error:
        where = say(
            "syntax", file=path.name, line=error.lineno, message=error.msg
        )
        shown = [where]
        if error.text:
            shown.append("    " + error.text.rstrip("\n"))
            if error.offset:
                shown.append("    " + " " * (error.offset - 1) + "^")
        return "\n".join(shown)
    return None


def _explain(
    run: Run, what: str, timeout: float, say, shown: set
) -> list[str]:
    """Why a run went wrong, for the reader: stuck, crashed, left behind.
    A stderr already in `shown` is not repeated."""
    notes = []
    tail = _stderr_tail(run.stderr)
    if run.timed_out:
        notes.append(say("timeout", what=what, seconds=timeout))
        if tail:
            notes.append(say("stderr_before", what=what))
    elif run.returncode < 0:
        name = signal.Signals(-run.returncode).name
        notes.append(say("killed", what=what, signal=name))
        tail = []
    elif run.returncode:
        notes.append(say("exit_code", what=what, code=run.returncode))
    else:
        tail = []
    if tail and tuple(tail) in shown:
        notes.append("    " + say("same_stderr"))
    elif tail:
        shown.add(tuple(tail))
        notes += ["    " + line for line in tail]
    if run.leftovers:
        notes.append(say("leftovers", what=what, count=run.leftovers))
    return notes


def _stderr_tail(stderr: str) -> list[str]:
    """The end of stderr that says what went wrong: the last traceback's
    last frames and its whole exception, or else the last lines."""
    lines = stderr.rstrip("\n").splitlines()
    starts = [
        i for i, line in enumerate(lines) if line.startswith("Traceback")
    ]
    if not starts:
        return lines[-STDERR_LINES:]
    block = lines[starts[-1] :]
    # Frames are indented; the exception starts at the first line that
    # is not (its message may take many lines, as multiprocessing's do).
    end = next(
        (i for i, line in enumerate(block[1:], 1) if not line.startswith(" ")),
        len(block),
    )
    frames, exception = block[1:end], block[end:]
    shown = [block[0]]
    if len(frames) > FRAME_LINES:
        shown.append("  ...")
    shown += frames[-FRAME_LINES:] + exception[:STDERR_LINES]
    if len(exception) > STDERR_LINES:
        shown.append("  ...")
    return shown


def _run_program(helper, method, student, timeout) -> Run:
    args = [helper, "--serve", "run", method, str(student)]
    return run_isolated(args, timeout, student.parent)


def _run_probe(helper, method, check_path, student, timeout) -> Run:
    with tempfile.TemporaryDirectory() as scratch:
        facts_file = Path(scratch) / "facts.json"
        args = [helper, "--serve", "probe", method]
        args += [str(check_path), str(student), str(facts_file)]
        probe = run_isolated(args, timeout, student.parent)
        if facts_file.exists():
            probe.facts = json.loads(facts_file.read_text("utf-8"))
    return probe


def _start_runs(helper, methods, check_path, student, options):
    """Start every run at once, so that a stuck file costs one timeout, not
    one per run: (program, probe or None) futures per start method."""
    runner = ThreadPoolExecutor(max_workers=6)
    runs = []
    for method in methods or ["default"]:
        program = runner.submit(
            _run_program, helper, method, student, options.timeout
        )
        probe = None
        if hasattr(sys.modules["__main__"], "probe"):
            probe = runner.submit(
                _run_probe,
                helper,
                method,
                check_path,
                student,
                options.timeout,
            )
        runs.append((program, probe))
    runner.shutdown(wait=False)
    return runs


def main(check_file: str, checks, *, start_methods: bool = False) -> None:
    """Check the file named on the command line (starter.py by default)
    with `checks(result)`, which yields (check id, passed) pairs, and exit
    with 0 only if every check passes. `start_methods`: run it under every
    start method this platform has; otherwise under its default one."""
    check_path = Path(check_file).resolve()
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default="starter.py")
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--lang", choices=sorted(MESSAGES))
    options = parser.parse_args()
    language, exercise = _language(check_path.parent, options.lang)
    table = MESSAGES[language]

    def say(key: str, **values) -> str:
        return table[key].format(**values)

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    student = Path(options.file).resolve()
    has_probe = hasattr(sys.modules["__main__"], "probe")
    if not student.is_file():
        print(say("no_file", file=options.file))
        sys.exit(EXIT_UNCHECKABLE)
    problem = _syntax_error(student, say)
    if problem is None and has_probe and not student.stem.isidentifier():
        problem = say("bad_name", file=student.name)
    if problem:
        print(problem)
        sys.exit(EXIT_UNCHECKABLE)

    title = exercise["title"]
    print(
        say(
            "checking",
            file=student.name,
            exercise=exercise["exercise"],
            title=title,
        )
    )
    methods = multiprocessing.get_all_start_methods() if start_methods else []
    helper = str(Path(__file__).resolve())
    try:
        runs = _start_runs(helper, methods, check_path, student, options)
        for program, probe in runs:
            program.result()
            if probe:
                probe.result()
    except KeyboardInterrupt:
        _STOPPING.set()
        for pid, tag in list(_LIVE.items()):
            _stop_all(tag, pid, wait=True)
        print(say("interrupted"))
        sys.exit(EXIT_INTERRUPTED)
    passed = total = 0
    shown = set()
    for method, (program, probe) in zip(methods or [None], runs, strict=True):
        program = program.result()
        probe = probe.result() if probe else Run(returncode=0)
        print()
        print(
            say("method", method=method) if method else say("default_method")
        )
        notes = _explain(program, say("program"), options.timeout, say, shown)
        notes += _explain(probe, say("probe"), options.timeout, say, shown)
        outcome = [(ENDS, program.returncode == 0)]
        outcome.append(
            (
                NO_LEFTOVERS,
                None if program.timed_out else not program.leftovers,
            )
        )
        result = Result(method, program, probe)
        for check, ok in checks(result):
            # A check that read the facts of a probe that failed says
            # nothing about the code: the probe's note says why.
            if result.used_probe and not probe.returncode == 0:
                outcome.append((check, "probe"))
            else:
                outcome.append((check, bool(ok)))
            result.used_probe = False
        for check, ok in outcome:
            total += 1
            if ok is None:
                print(say("unchecked", check=check, why=say("why_stuck")))
            elif ok == "probe":
                print(say("unchecked", check=check, why=say("why_probe")))
            elif ok:
                passed += 1
                print(say("passed", check=check))
            else:
                hint = exercise["hints"].get(check) or table.get(check, "")
                print(say("failed", check=check, hint=hint))
        failed_own = any(ok is False for _, ok in outcome[2:])
        if failed_own and program.lines and not program.timed_out:
            notes.append(say("printed"))
            notes += ["    " + line for line in program.lines[:STDOUT_LINES]]
            if len(program.lines) > STDOUT_LINES:
                notes.append("    ...")
        for note in notes:
            print(note)
    print()
    if passed == total:
        print(say("summary_ok", total=total))
        sys.exit(0)
    print(say("summary", passed=passed, total=total))
    sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--serve":
        _serve(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(MESSAGES["en"]["usage"])
