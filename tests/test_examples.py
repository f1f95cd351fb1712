"""Every example script, run the way a reader runs it: as its own process.

- Each example runs on every CPython >= 3.10 found on PATH and in pyenv.
- An example that uses multiprocessing or ProcessPoolExecutor runs under
  fork, spawn and forkserver. The method is chosen from outside the script:
  a sitecustomize.py on PYTHONPATH calls set_start_method() from
  PTC_START_METHOD, in the example and in every Python it spawns.
- Its stdout must equal `<name>.output.txt`, the one source of the output
  the pages show. `./dev update-examples` (pytest --update-examples)
  rewrites that file from the default Python's run instead.
- No process started by the example outlives it: every run carries a unique
  PTC_EXAMPLE_RUN tag in its environment, which children inherit, and the
  test scans /proc/*/environ for it.
- SIGINT (Ctrl+C) to the process group ends the example within 2 s and
  leaves no process behind; an example that hangs is killed after 15 s and
  fails with its name.
- So does KeyboardInterrupt raised just as one of the example's own
  Thread.start() calls returns, the window a real Ctrl+C hits by chance.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ptc import EXAMPLES, ROOT, catalogue, snippets

if not Path("/proc/self/environ").exists():
    pytest.skip(
        "finding leftover processes reads /proc/*/environ (Linux only)",
        allow_module_level=True,
    )

METHODS = snippets.START_METHODS
HANG_TIMEOUT = 15.0  # s: then the run is killed and fails by name
MAX_SECONDS = 10.0  # every example must end by itself within this
SIGINT_GRACE = 2.0  # s an example may take to exit after SIGINT
# Helpers such as multiprocessing's resource tracker and forkserver exit when
# they see their parent's pipe close; give them this long to notice.
LEFTOVER_GRACE = 2.0

# A process that is newer than this when SIGINT goes out may lose it (see
# hit_a_cpython_race).
YOUNG = 0.1  # s
# Before a hung run is killed, each of its processes is asked for its Python
# stack (faulthandler, on SIGUSR1), so the failure shows where each one waited.
STACKS_WAIT = 0.5  # s
STDERR_SHOWN = 8000  # characters from the end of stderr in a failure message

SITECUSTOMIZE = """\
import faulthandler
import os
import signal

if os.environ.get("PTC_START_METHOD"):
    import multiprocessing

    multiprocessing.set_start_method(os.environ["PTC_START_METHOD"], force=True)

faulthandler.register(signal.SIGUSR1, all_threads=True)

if os.environ.get("PTC_THREAD_STARTS"):  # see test_ctrl_c_as_a_thread_starts_ends_it
    import sys
    import threading

    _start, _starts = threading.Thread.start, 0

    def start(self):
        global _starts
        _start(self)
        if sys._getframe(1).f_globals.get("__name__") != "__main__":
            return  # a start inside the standard library, such as a pool's
        _starts += 1
        with open(os.environ["PTC_THREAD_STARTS"], "a") as starts:
            starts.write(f"{_starts}\\n")
        if str(_starts) == os.environ.get("PTC_INTERRUPT_AT_START"):
            raise KeyboardInterrupt(f"as start() {_starts} returned (injected)")

    threading.Thread.start = start
"""


# --- which Pythons ------------------------------------------------------------

PROBE = (
    "import json, platform, sys, sysconfig; print(json.dumps(["
    "platform.python_implementation(), list(sys.version_info[:3]),"
    " bool(sysconfig.get_config_var('Py_GIL_DISABLED'))]))"
)


@dataclass(frozen=True)
class Interpreter:
    executable: str
    version: tuple[int, int, int]
    free_threaded: bool

    @property
    def minor(self) -> str:
        return f"{self.version[0]}.{self.version[1]}" + (
            "t" if self.free_threaded else ""
        )

    @property
    def label(self) -> str:
        return f"Python {'.'.join(map(str, self.version))} ({self.executable})"


def _candidates() -> list[str]:
    """The test's own Python first, then pyenv's versions, then PATH."""
    found = [getattr(sys, "_base_executable", sys.executable)]
    for root in {os.environ.get("PYENV_ROOT", ""), str(Path.home() / ".pyenv")}:
        if root:
            for path in sorted(Path(root).glob("versions/*/bin/python3")):
                version = re.match(r"(\d+)\.(\d+)", path.parent.parent.name)
                if not version or (int(version[1]), int(version[2])) >= (3, 10):
                    found.append(str(path))
    names = ["python3", "python"] + [f"python3.{n}" for n in range(10, 30)]
    found += [path for name in names if (path := shutil.which(name))]
    return found


def find_pythons() -> list[Interpreter]:
    """One CPython >= 3.10 per minor version; the default one first."""
    by_minor: dict[str, Interpreter] = {}
    for executable in _candidates():
        try:
            probe = subprocess.run(
                [executable, "-c", PROBE], capture_output=True, text=True, timeout=20
            )
            implementation, version, free_threaded = json.loads(probe.stdout)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            continue  # e.g. a pyenv shim, which refuses to run on its own
        if implementation != "CPython" or tuple(version) < (3, 10):
            continue
        found = Interpreter(executable, tuple(version), free_threaded)
        by_minor.setdefault(found.minor, found)
    default = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return sorted(by_minor.values(), key=lambda p: (p.minor != default, p.version))


PYTHONS = find_pythons()
DEFAULT = PYTHONS[0]
assert DEFAULT.version[:2] == sys.version_info[:2], f"own Python not found: {PYTHONS}"


# --- the matrix ---------------------------------------------------------------


def relative(script: Path) -> str:
    """examples/threads/event.py -> threads/event.py; other files from ROOT."""
    base = EXAMPLES if script.is_relative_to(EXAMPLES) else ROOT
    return script.relative_to(base).as_posix()


def describe(script: Path, python: Interpreter, method: str | None) -> str:
    shown = script.relative_to(ROOT) if script.is_relative_to(ROOT) else script
    return f"{shown} on {python.label}" + (f", start method {method}" if method else "")


def case_id(script: Path, python: Interpreter, method: str | None) -> str:
    return f"{relative(script)}-py{python.minor}-{method or 'no-processes'}"


def matrix(pythons: list[Interpreter], *, check_output: bool = True):
    """Every example on every Python and start method. When the output is
    checked, an example that times itself runs alone (marker `serial`)."""
    return [
        pytest.param(
            ex.path,
            python,
            method,
            id=case_id(ex.path, python, method),
            marks=[pytest.mark.serial] if check_output and ex.times_itself else [],
        )
        for ex in catalogue.examples()
        for python in pythons
        for method in ex.start_methods
    ]


# --- running one example ------------------------------------------------------


@dataclass
class Run:
    stdout: str
    stderr: str
    returncode: int
    seconds: float
    leftovers: list[str]
    interrupted: bool = False  # SIGINT was sent while it ran
    # Processes still alive after SIGINT that were started less than YOUNG s
    # before it, or after it.
    young_at_sigint: list[str] = field(default_factory=list)
    timed_out: bool = False  # it had to be killed
    stuck: list[str] = field(default_factory=list)  # processes when it was killed


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory for PYTHONPATH that holds only our sitecustomize.py."""
    directory = tmp_path_factory.mktemp("sitecustomize")
    (directory / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return directory


def tagged_processes(tag: str) -> dict[int, str]:
    """pid -> command line of every live process whose environment has `tag`."""
    needle = f"PTC_EXAMPLE_RUN={tag}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            if needle in environ.split(b"\0"):
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                wchan = (entry / "wchan").read_text()
                found[int(entry.name)] = (
                    f"[{state} {wchan}] " + cmdline.decode(errors="replace").strip()
                )
        except OSError:
            continue  # gone meanwhile, or a zombie
    return found


def dump_stacks(pids) -> None:
    """Ask each process for its Python stack, which it prints to stderr."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGUSR1)
        except OSError:
            pass
    time.sleep(STACKS_WAIT)


def reap_leftovers(tag: str) -> dict[int, str]:
    """Wait briefly for tagged processes to end; kill and report the rest."""
    deadline = time.monotonic() + LEFTOVER_GRACE
    while (alive := tagged_processes(tag)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive:
        dump_stacks(alive)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return alive


def described(processes: dict[int, str]) -> list[str]:
    return [f"pid {pid}: {cmd}" for pid, cmd in sorted(processes.items())]


def exited_within(proc: subprocess.Popen, seconds: float) -> bool:
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def run_example(
    script: Path,
    python: Interpreter,
    method: str | None,
    site_dir: Path,
    cwd: Path,
    *,
    sigint_after: float | None = None,
    timeout: float = HANG_TIMEOUT,
    extra_env: dict[str, str] | None = None,
) -> Run:
    """Run `script` in its own process group and collect what it printed.

    Output goes to files, not pipes: a leftover child that holds a pipe open
    would hide the moment the example itself exited.
    """
    tag = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(
        PYTHONPATH=str(site_dir),
        PYTHONDONTWRITEBYTECODE="1",
        PTC_EXAMPLE_RUN=tag,
        **({"PTC_START_METHOD": method} if method else {}),
        **(extra_env or {}),
    )
    env.pop("VIRTUAL_ENV", None)
    interrupted = False
    settled: set[int] = set()  # processes already running YOUNG s before SIGINT
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [python.executable, str(script)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, like a shell job
        )
        try:
            if sigint_after is not None:
                young = min(YOUNG, sigint_after)
                if not exited_within(proc, sigint_after - young):
                    settled = set(tagged_processes(tag))
                    if not exited_within(proc, young):
                        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C sends
                        interrupted, timeout = True, SIGINT_GRACE
            timed_out = not exited_within(proc, timeout)
        except BaseException:  # e.g. Ctrl+C in pytest: take the run down too
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        seconds = time.monotonic() - start
        stuck: dict[int, str] = {}
        if timed_out:
            stuck = tagged_processes(tag)
            dump_stacks(stuck)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        leftovers = reap_leftovers(tag)
        young_at_sigint = {
            pid: cmd
            for pid, cmd in (stuck | leftovers).items()
            if interrupted and pid not in settled
        }
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", errors="replace")
        stderr = err.read().decode("utf-8", errors="replace")
    return Run(
        stdout,
        stderr,
        proc.returncode,
        seconds,
        described(leftovers),
        interrupted,
        described(young_at_sigint),
        timed_out,
        described(stuck),
    )


def check_ended(run: Run, where: str, timeout: float = HANG_TIMEOUT) -> None:
    """Fail, naming the example, if it had to be killed."""
    if run.timed_out:
        what = "exit within 2 s of SIGINT" if run.interrupted else "finish"
        waited = SIGINT_GRACE if run.interrupted else timeout
        pytest.fail(
            f"{where}: did not {what} (waited {waited:.0f} s; killed it)\n"
            f"processes then: {run.stuck}\n"
            f"stdout:\n{run.stdout}\nstderr:\n{run.stderr[-STDERR_SHOWN:]}"
            + (f"\nleft behind: {run.leftovers}" if run.leftovers else "")
            + (
                f"\nstarted less than {YOUNG} s before SIGINT: {run.young_at_sigint}"
                if run.young_at_sigint
                else ""
            ),
            pytrace=False,
        )


def mismatch_message(expected_file: Path, expected: str, run: Run, where: str) -> str:
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        run.stdout.splitlines(keepends=True),
        fromfile=f"{expected_file.relative_to(ROOT)} (expected)",
        tofile=f"stdout of {where}",
    )
    return (
        f"{where}: stdout differs from {expected_file.relative_to(ROOT)}\n"
        + "".join(diff)
        + f"\nstderr:\n{run.stderr[-STDERR_SHOWN:]}"
        + "\nIf the change is deliberate, run ./dev update-examples."
    )


def skip_if_too_old(script: Path, python: Interpreter) -> None:
    reason = snippets.skip_reason(script.read_text(encoding="utf-8"), python.version)
    if reason:
        pytest.skip(f"{relative(script)}: {reason}; this is {python.label}")


# --- the tests ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("script", "python", "method"), matrix(PYTHONS))
def test_example_prints_its_expected_output(
    script: Path, python: Interpreter, method, site_dir, tmp_path, request
):
    skip_if_too_old(script, python)
    where = describe(script, python, method)
    run = run_example(script, python, method, site_dir, tmp_path)
    check_ended(run, where)
    assert run.returncode == 0, f"{where}: exit code {run.returncode}\n{run.stderr}"
    assert not run.leftovers, f"{where}: processes left behind: {run.leftovers}"
    assert run.seconds < MAX_SECONDS, f"{where}: took {run.seconds:.1f} s"

    expected_file = catalogue.Example(script).output_path
    first_case = (
        python == DEFAULT and method == catalogue.Example(script).start_methods[0]
    )
    if request.config.getoption("update_examples", default=False) and first_case:
        expected_file.write_text(run.stdout, encoding="utf-8")
        return
    if not expected_file.exists():
        pytest.fail(
            f"{where}: no {expected_file.relative_to(ROOT)}; "
            "run ./dev update-examples to create it",
            pytrace=False,
        )
    expected = expected_file.read_text(encoding="utf-8")
    if run.stdout != expected:
        pytest.fail(
            mismatch_message(expected_file, expected, run, where), pytrace=False
        )


@pytest.mark.parametrize(
    ("script", "python", "method"),
    [p for p in matrix([DEFAULT]) if p.values[2] is not None],
)
def test_output_is_the_same_when_unbuffered(
    script: Path, python: Interpreter, method, site_dir, tmp_path
):
    """A terminal line-buffers stdout; the other tests read a pipe, which
    buffers whole blocks. With several processes writing, only careful
    flushing makes the order of lines the same in both."""
    where = describe(script, python, method) + ", PYTHONUNBUFFERED=1"
    run = run_example(
        script, python, method, site_dir, tmp_path, extra_env={"PYTHONUNBUFFERED": "1"}
    )
    check_ended(run, where)
    expected_file = catalogue.Example(script).output_path
    expected = expected_file.read_text(encoding="utf-8")
    if run.stdout != expected:
        pytest.fail(
            mismatch_message(expected_file, expected, run, where), pytrace=False
        )


# CPython races, not faults of an example. Runs that show one of them are
# repeated, a little later each time; anything else fails at once, and the
# last try must pass.
# 1. A process being started when SIGINT goes out can lose it: a spawned one
#    joins the process group after the signal went out, and a forked one
#    clears signals that arrive before its Python is ready (signal handling
#    is reset after fork). It then waits for work that never comes. Seen as a
#    process started less than YOUNG s before SIGINT that outlived it.
# 2. If KeyboardInterrupt is raised as os.fork() returns, Process.start()
#    never records the child, so nobody stops it. Seen as KeyboardInterrupt
#    inside process start-up.
IN_PROCESS_START = re.compile(
    r"multiprocessing[/\\](?:popen_\w+|process|context|forkserver|util|pool)\.py\""
    r", line \d+, in (?:_launch|start|_Popen|connect_to_new_process|spawnv_passfds"
    r"|_repopulate_pool\w*)\n"
)
# 3. KeyboardInterrupt raised inside a callback that cannot propagate it
#    (e.g. importlib's module-lock weakref callback during an import) is
#    printed as "Exception ignored in ..." and lost; the script runs on.
SWALLOWED = re.compile(
    r"^Exception ignored in\b.*\n(?:.*\n){0,12}?KeyboardInterrupt", re.M
)
# 4. KeyboardInterrupt raised just as a lock's __enter__ has acquired it
#    leaves the lock held: `with` never runs __exit__ (python/cpython#74174).
#    A queue's feeder or finaliser then waits on that lock for ever. Seen as
#    KeyboardInterrupt whose last frame is a lock's __enter__.
IN_LOCK_ENTER = re.compile(
    r"(?:threading|synchronize)\.py\", line \d+, in __enter__\n"
    r"[^\n]*\n(?:[ ~^]*\n)?KeyboardInterrupt"
)

# 5. KeyboardInterrupt raised inside Thread.start(), while a thread pool
#    starts a worker, leaves that worker running but unrecorded: the pool's
#    exit handler never tells it to stop, and the interpreter waits for it
#    at exit. Seen as KeyboardInterrupt under _adjust_thread_count's start().
IN_POOL_THREAD_START = re.compile(
    r"concurrent[/\\]futures[/\\]thread\.py\", line \d+, in _adjust_thread_count\n"
    r"(?:.*\n){1,3}?.*threading\.py\", line \d+, in start\n"
    r"(?:.*\n)*?KeyboardInterrupt"
)

RETRY_LATER = (0.0, 0.05, 0.1, 0.2)  # s added to the delay on each try


def hit_a_cpython_race(run: Run) -> bool:
    failed = run.timed_out or bool(run.leftovers)
    return failed and bool(
        run.young_at_sigint
        or IN_PROCESS_START.search(run.stderr)
        or SWALLOWED.search(run.stderr)
        or IN_LOCK_ENTER.search(run.stderr)
        or IN_POOL_THREAD_START.search(run.stderr)
    )


@pytest.mark.parametrize(
    ("script", "python", "method"), matrix([DEFAULT], check_output=False)
)
@pytest.mark.parametrize("delay", [0.1, 0.3], ids=lambda d: f"sigint-after-{d}s")
def test_sigint_ends_example_without_leftovers(
    script: Path, python: Interpreter, method, delay, site_dir, tmp_path
):
    skip_if_too_old(script, python)
    where = describe(script, python, method)
    tries = enumerate([delay + extra for extra in RETRY_LATER], 1)
    for tried, after in tries:  # noqa: B007 (both are reported after the loop)
        run = run_example(
            script, python, method, site_dir, tmp_path, sigint_after=after
        )
        if not hit_a_cpython_race(run):
            break
    where += f", SIGINT after {after:.2f} s (try {tried} of {len(RETRY_LATER)})"
    check_ended(run, where)
    assert not run.leftovers, (
        f"{where}: processes survived SIGINT: {run.leftovers}\n"
        f"stderr:\n{run.stderr[-STDERR_SHOWN:]}"
    )


def thread_scripts() -> list[Path]:
    """The examples without processes, and the exercises' solutions and
    predict programs, that start threads of their own."""
    examples = [e.path for e in catalogue.examples() if e.start_methods == (None,)]
    exercises = sorted(ROOT.glob("exercises/*/*/solution.py")) + sorted(
        ROOT.glob("exercises/*/*/program.py")
    )
    return [p for p in examples + exercises if "Thread(" in p.read_text("utf-8")]


@pytest.mark.parametrize(
    ("script", "python"),
    [
        pytest.param(script, python, id=f"{relative(script)}-py{python.minor}")
        for script in thread_scripts()
        for python in PYTHONS
    ],
)
def test_ctrl_c_as_a_thread_starts_ends_it(
    script: Path, python: Interpreter, site_dir, tmp_path
):
    """Ctrl+C often lands in Thread.start(), which waits for the new thread
    to run: then the main thread stops with one thread started and the next
    not. The sitecustomize raises KeyboardInterrupt just as the script's own
    start() call returns (the first three and the last two), so this does not
    depend on timing as the SIGINT test does."""
    skip_if_too_old(script, python)
    where = describe(script, python, None)
    starts = tmp_path / "starts"
    env = {"PTC_THREAD_STARTS": str(starts)}
    run = run_example(script, python, None, site_dir, tmp_path, extra_env=env)
    check_ended(run, where)
    total = len(starts.read_text().splitlines()) if starts.exists() else 0
    assert total, f"{where}: it started no thread from its own code"
    # A hang lasts for ever, so the limit can leave room for a busy machine.
    waited = 3 * run.seconds + SIGINT_GRACE
    for at in sorted({1, 2, 3, total - 1, total} & set(range(1, total + 1))):
        starts.unlink()
        interrupted = run_example(
            script,
            python,
            None,
            site_dir,
            tmp_path,
            timeout=waited,
            extra_env=env | {"PTC_INTERRUPT_AT_START": str(at)},
        )
        shown = f"{where}, KeyboardInterrupt as start() {at} of {total} returned"
        assert "(injected)" in interrupted.stderr, f"{shown}: it was not raised"
        if interrupted.timed_out:
            pytest.fail(
                f"{shown}: did not exit (waited {waited:.1f} s: 3 times its"
                f" run without it, {run.seconds:.1f} s, plus {SIGINT_GRACE:.0f} s)\n"
                f"processes then: {interrupted.stuck}\n"
                f"stderr:\n{interrupted.stderr[-STDERR_SHOWN:]}",
                pytrace=False,
            )
        assert not interrupted.leftovers, f"{shown}: left {interrupted.leftovers}"


@pytest.mark.parametrize("method", METHODS)
def test_start_method_is_chosen_from_outside(method, site_dir, tmp_path):
    """The sitecustomize hook sets the method in the example and its children."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import multiprocessing as mp\n"
        "def child():\n"
        "    print('child', mp.get_start_method())\n"
        "if __name__ == '__main__':\n"
        "    p = mp.Process(target=child)\n"
        "    p.start()\n"
        "    p.join()\n"
        "    print('parent', mp.get_start_method(), type(p._popen).__module__)\n",
        encoding="utf-8",
    )
    run = run_example(probe, DEFAULT, method, site_dir, tmp_path)
    popen = {"fork": "popen_fork", "spawn": "popen_spawn_posix"}.get(
        method, "popen_forkserver"
    )
    assert run.stdout == f"child {method}\nparent {method} multiprocessing.{popen}\n"
    assert not run.leftovers


def test_hanging_example_fails_by_name(site_dir, tmp_path):
    """The guard against hangs works: a stuck run is killed, with its children."""
    script = tmp_path / "stuck.py"
    script.write_text(
        "import multiprocessing as mp, time\n"
        "if __name__ == '__main__':\n"
        "    mp.Process(target=time.sleep, args=(60,)).start()\n"
        "    time.sleep(60)\n",
        encoding="utf-8",
    )
    start = time.monotonic()
    run = run_example(script, DEFAULT, "spawn", site_dir, tmp_path, timeout=1.0)
    with pytest.raises(
        pytest.fail.Exception, match=r"stuck\.py on .*did not finish"
    ) as failed:
        check_ended(run, describe(script, DEFAULT, "spawn"), timeout=1.0)
    assert time.monotonic() - start < 5
    assert run.timed_out and "stuck.py" in str(failed.value)
    assert not run.leftovers  # its child was killed with it


def test_a_wrong_expected_output_shows_a_diff(tmp_path):
    expected_file = EXAMPLES / "threads" / "condition.output.txt"
    run = Run("ping 0\npong 0\n", "", 0, 0.1, [])
    message = mismatch_message(
        expected_file, "ping 0\nping 0\n", run, "X on Python 3.x"
    )
    assert "examples/threads/condition.output.txt (expected)" in message
    assert "-ping 0\n+pong 0\n" in message


POOL_THREAD_START_TRACEBACK = """\
Traceback (most recent call last):
  File "/x/examples/thread_pools/bounded_vs_unbounded.py", line 52, in bounded_pool
    pool.submit(release.wait)  # extra tasks wait in the pool's queue
    ^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/py/lib/python3.11/concurrent/futures/thread.py", line 176, in submit
    self._adjust_thread_count()
  File "/py/lib/python3.11/concurrent/futures/thread.py", line 199, in \
_adjust_thread_count
    t.start()
  File "/py/lib/python3.11/threading.py", line 969, in start
    self._started.wait()
  File "/py/lib/python3.11/threading.py", line 629, in wait
    signaled = self._cond.wait(timeout)
               ^^^^^^^^^^^^^^^^^^^^^^^^
  File "/py/lib/python3.11/threading.py", line 327, in wait
    waiter.acquire()
KeyboardInterrupt
"""


def test_only_the_documented_races_are_retried():
    hung = Run("", POOL_THREAD_START_TRACEBACK, -9, 2.0, [], True, [], True, [])
    assert hit_a_cpython_race(hung)
    elsewhere = POOL_THREAD_START_TRACEBACK.replace("_adjust_thread_count", "other")
    assert not hit_a_cpython_race(Run("", elsewhere, -9, 2.0, [], True, [], True, []))
    passed = Run("", POOL_THREAD_START_TRACEBACK, 0, 0.1, [], True)
    assert not hit_a_cpython_race(passed)  # nothing failed: nothing to retry


def _ruff(*args: str) -> subprocess.CompletedProcess:
    from ruff.__main__ import find_ruff_bin

    return subprocess.run(
        [find_ruff_bin(), *args, str(EXAMPLES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_examples_are_formatted_and_linted_at_the_line_length_of_the_page():
    # examples/ruff.toml states the length; it must be the snippets' one,
    # which fits the text column at 1280 px.
    config = (EXAMPLES / "ruff.toml").read_text(encoding="utf-8")
    assert f"line-length = {snippets.LINE_LENGTH}\n" in config
    formatted = _ruff("format", "--check")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = _ruff("check", "--output-format", "concise")
    assert linted.returncode == 0, linted.stdout + linted.stderr


# --- the zh versions (Chinese comments and docstrings, ptc.translations) ------


def write_zh_examples(folder: Path) -> Path:
    """Every example and every project's Python file as a zh page gives it,
    under folder/examples/, beside the ruff settings of the English ones;
    returns that examples folder."""
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    target = folder / "examples"
    target.mkdir()
    shutil.copy(EXAMPLES / "ruff.toml", target / "ruff.toml")
    for ex in catalogue.examples():
        (target / ex.topic).mkdir(exist_ok=True)
        (target / ex.relative).write_text(ex.source_in("zh"), encoding="utf-8")
    for path in catalogue.project_files():
        if path.suffix == ".py":
            copy = target / path.relative_to(EXAMPLES)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(catalogue.published(path, "zh"))
    return target


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "python", "method"),
    [p for p in matrix([DEFAULT]) if p.values[2] in (None, METHODS[0])],
)
def test_zh_version_prints_its_expected_output(
    script: Path, python: Interpreter, method, site_dir, tmp_path
):
    """The zh download differs in comments only, and still prints the same."""
    example = catalogue.Example(script)
    zh_script = tmp_path / example.topic / script.name
    zh_script.parent.mkdir()
    zh_script.write_text(example.source_in("zh"), encoding="utf-8")
    where = describe(zh_script, python, method) + " (zh version)"
    run = run_example(zh_script, python, method, site_dir, tmp_path)
    check_ended(run, where)
    assert run.returncode == 0, f"{where}: exit code {run.returncode}\n{run.stderr}"
    assert not run.leftovers, f"{where}: processes left behind: {run.leftovers}"
    expected = example.expected_output()
    if run.stdout != expected:
        pytest.fail(
            mismatch_message(example.output_path, expected, run, where), pytrace=False
        )


def test_zh_versions_pass_the_linter_at_the_line_length_of_the_page(tmp_path):
    # Not `ruff format`: it measures a Chinese character as one column, so it
    # would join lines that the English needed to break.
    from ruff.__main__ import find_ruff_bin

    folder = write_zh_examples(tmp_path)
    assert (folder / "rag_service" / "orchestrator.py").is_file()
    linted = subprocess.run(
        [find_ruff_bin(), "check", "--output-format", "concise", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "All checks passed" in linted.stdout
