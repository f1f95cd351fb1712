"""Recorded runs of the thread and process examples (`./dev record`).

Those examples cannot run in the browser, so each page shows one real run
on CPython: `examples/<topic>/<name>.trace.json` beside the example (and
`program.trace.json` beside a predict exercise's program, which its
solution shows: `exercise_programs()`), in
Trace Event Format (ptc.traces checks it), drawn at build time by
ptc.timelines. This module is the one home of how a recording is made
and what it must hold; `./dev record`, the build and the tests import it.

How a run is recorded:
- the example runs as its own process, as a reader runs it, with
  ptc.recording_site as `sitecustomize.py` on PYTHONPATH: each Python
  process notes its start, its threads (name, native id), its printed lines
  and its exit (see that module);
- meanwhile this process samples every thread of every noted process every
  SAMPLE_S: its CPU time from /proc/<pid>/task/<tid>/schedstat (nanoseconds;
  /proc/<pid>/task/<tid>/stat's utime+stime counts 10 ms ticks, and is the
  fallback);
- the samples become each lane's CPU use (0 to 1 core) in bins (about
  BINS_PER_RUN per run; see there why not narrower), as
  counter (C) events; a sampling pass that took longer than PASS_LIMIT_S
  (this process was preempted) is dropped, so that all lanes of one pass
  share one moment and their sum stays true.

A trace holds, per lane (pid, tid): `M` names, one `X` "lifetime" span
(args: cpu_s, exitcode for a process's first lane), `C` "cpu …" counters
(args: cores), `i` "print" events (args: text); per asyncio task (the
comparison page's coroutine example, PTC_RECORD_TASKS): `X` "runs" and
"waits" spans on a lane of its own. `otherData` says where it was made,
with the SHA-256 of the example's source (`stale()` compares it).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ptc import ROOT, catalogue, traces

# The topics whose examples have recordings: what the browser cannot run,
# and the comparison page's three (its coroutine one too, for the page's
# side-by-side view).
TOPICS = ("threads", "thread_pools", "processes", "process_pools", "comparison")
# Their examples are drawn together, one figure for the page
# (`[[timelines …]]`), not each below its own block.
SHOWN_TOGETHER = ("comparison",)
SAMPLE_S = 0.004  # between sampling passes
PASS_LIMIT_S = 0.001  # a longer pass was preempted: dropped
# A running thread's CPU time advances only at the kernel's tick (4 ms
# at HZ=250; measured here), so a reading lags by up to a tick: a bin of
# 50 ms is off by 0.08 core at most, one of 10 ms by 0.4. A run gets
# BINS_PER_RUN bins, none narrower than MIN_BIN_S.
BINS_PER_RUN = 25
MIN_BIN_S = 0.01
TIMEOUT_S = 60.0
# The example runs at this priority where allowed (root), in a session of
# its own: with the kernel's autogroups, niceness counts only within a
# session, so its session's autogroup gets it too. Other programs on a
# shared machine then take less of its cores, as on an idle one (measured
# here: a 0.9x process speed-up became 1.2x to 1.7x). otherData says the
# niceness it ran at.
NICE = -10
SITE = Path(__file__).with_name("recording_site.py")
TASK_LANES = 1_000_000  # tid of a task's lane: TASK_LANES + its number
PYTHON = getattr(sys, "_base_executable", sys.executable)


class RecordingError(LookupError):
    """A recording that is missing, invalid, or that could not be made."""


def recorded(example: catalogue.Example) -> bool:
    """Whether `example` has (must have) a recording."""
    return example.topic in TOPICS


def examples() -> list[catalogue.Example]:
    return [ex for ex in catalogue.examples() if recorded(ex)]


def trace_path(example: catalogue.Example) -> Path:
    return example.trace_path


def source_hash(example: catalogue.Example) -> str:
    return hashlib.sha256(example.path.read_bytes()).hexdigest()


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _named(example: catalogue.Example) -> str:
    """How `./dev record` names it: `threads/x.py`, or
    `exercises/threads/4/program.py` for an exercise's program."""
    if example.path.is_relative_to(catalogue.EXAMPLES):
        return example.relative
    return str(_shown(example.path))


def load(example: catalogue.Example) -> dict:
    """The committed recording; RecordingError naming the file when it is
    missing, not JSON, or not valid Trace Event Format."""
    path = trace_path(example)
    shown = _shown(path)
    if not path.exists():
        raise RecordingError(f"{shown} is missing: run ./dev record {_named(example)}")
    try:
        trace = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as bad:
        raise RecordingError(
            f"{shown}:{bad.lineno}: not JSON ({bad.msg}); run ./dev record"
        ) from None
    # The schema check of ptc.traces alone: Perfetto's trace processor
    # (PyPI `perfetto`) downloads its binary from Google when first used,
    # and nothing here may reach the network.
    found = traces.problems(trace) + traces.recording_problems(trace)
    if found:
        raise RecordingError(f"{shown}: {found[0]}; run ./dev record")
    return trace


def stale(example: catalogue.Example, trace: dict) -> str | None:
    """Why the recording no longer matches its example, or None."""
    if trace.get("otherData", {}).get("source_sha256") != source_hash(example):
        return (
            f"{_shown(trace_path(example))} records another version of"
            f" {_shown(example.path)}"
            f" (its source changed): run ./dev record {_named(example)}"
        )
    return None


# --- sampling -----------------------------------------------------------------


def _cpu_ns(pid: int, tid: int) -> int | None:
    """A thread's CPU time so far, or None once it is gone."""
    base = f"/proc/{pid}/task/{tid}/"
    try:
        with open(base + "schedstat", "rb") as f:
            return int(f.read().split()[0])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(base + "stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // CLOCK_TICKS


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_source() -> str:
    try:
        with open("/proc/self/schedstat", "rb") as f:
            int(f.read().split()[0])
        return "/proc/<pid>/task/<tid>/schedstat"
    except (OSError, ValueError, IndexError):
        return "/proc/<pid>/task/<tid>/stat (utime+stime)"


@dataclass
class Run:
    """What one recorded run left: the notes and the samples."""

    started: int  # monotonic ns, just before the example started
    ended: int
    returncode: int
    pid: int
    stdout: str
    notes: list[dict]
    # (moment, {(pid, tid): cpu ns}) per kept pass
    samples: list[tuple[int, dict[tuple[int, int], int]]] = field(default_factory=list)
    nice: int | None = None  # the example's priority as it ran


def run(example: catalogue.Example, python: str = PYTHON) -> Run:
    """Run `example` once with the recording hooks, sampling as it runs."""
    if not Path("/proc/self/task").is_dir():
        raise RecordingError(
            "recording reads each thread's CPU time from /proc: Linux only"
        )
    with tempfile.TemporaryDirectory(prefix="ptc-record-") as tmp:
        site_dir, log_dir = Path(tmp, "site"), Path(tmp, "log")
        site_dir.mkdir()
        log_dir.mkdir()
        shutil.copy(SITE, site_dir / "sitecustomize.py")
        env = {
            **os.environ,
            "PYTHONPATH": str(site_dir),
            "PTC_RECORD_DIR": str(log_dir),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        env.pop("PTC_START_METHOD", None)
        if "asyncio" in example.source:
            env["PTC_RECORD_TASKS"] = "1"
        samples = []
        with tempfile.TemporaryFile() as out:
            started = time.monotonic_ns()
            proc = subprocess.Popen(
                [python, example.path.name],
                cwd=example.path.parent,
                env=env,
                stdout=out,
                stderr=subprocess.DEVNULL,
                preexec_fn=_raise_priority,
            )
            deadline = time.monotonic() + TIMEOUT_S
            nice = _niceness(proc.pid)
            try:
                while proc.poll() is None:
                    if time.monotonic() > deadline:
                        raise RecordingError(
                            f"{_named(example)} ran over {TIMEOUT_S:.0f} s"
                        )
                    before = time.monotonic_ns()
                    reading = _sample(log_dir)
                    after = time.monotonic_ns()
                    if after - before <= PASS_LIMIT_S * 1e9:
                        samples.append(((before + after) // 2, reading))
                    time.sleep(SAMPLE_S)
            except BaseException:  # a timeout, or Ctrl+C: its session goes
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise
            ended = time.monotonic_ns()
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
        notes = []
        for log in sorted(log_dir.glob("*.jsonl")):
            for line in log.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    notes.append(json.loads(line))
    notes.sort(key=lambda n: n["t"])
    return Run(started, ended, proc.returncode, proc.pid, stdout, notes, samples, nice)


def _raise_priority() -> None:
    """In the child, before it runs the example: NICE where allowed."""
    os.setsid()
    try:
        with open("/proc/self/autogroup", "w") as autogroup:
            autogroup.write(str(NICE))
    except OSError:
        pass  # no autogroups, or not allowed
    try:
        os.setpriority(os.PRIO_PROCESS, 0, NICE)
    except PermissionError:
        pass


def _niceness(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[16])
    except (OSError, ValueError, IndexError):
        return None


def _sample(log_dir: Path) -> dict[tuple[int, int], int]:
    reading = {}
    for name in os.listdir(log_dir):
        pid = int(name.split(".")[0])
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in map(int, tids):
            cpu = _cpu_ns(pid, tid)
            if cpu is not None:
                reading[pid, tid] = cpu
    return reading


# --- the trace ----------------------------------------------------------------


@dataclass
class Lane:
    pid: int
    tid: int
    name: str
    start: int  # monotonic ns
    end: int | None = None
    cpu_start: int = 0  # its CPU time when first noted (a process's start-up)
    cpu_end: int | None = None
    exitcode: int | None = None


def _meta(kind: str, lane: Lane, **args: object) -> dict:
    """A metadata (M) event about `lane`: its name, or its sort index."""
    return {"name": kind, "ph": "M", "pid": lane.pid, "tid": lane.tid, "args": args}


def _bin_width(run: Run) -> int:
    """In whole milliseconds, so the bins' edges print short."""
    width_ms = max(MIN_BIN_S * 1e3, (run.ended - run.started) / 1e6 / BINS_PER_RUN)
    return round(width_ms) * 1_000_000


def build_trace(example: catalogue.Example, run: Run, **where: object) -> dict:
    """The run as Trace Event Format, with where it was made in otherData."""
    us = lambda ns: round((ns - run.started) / 1000, 1)  # noqa: E731
    processes: dict[int, dict] = {}
    lanes: dict[tuple[int, int], Lane] = {}
    exits: dict[int, int] = {}
    events: list[dict] = []
    tasks: dict[str, int] = {}
    for note in run.notes:
        kind, pid = note["kind"], note["pid"]
        if kind == "process":
            entry = processes.setdefault(
                pid, {"start": note["t"], "ppid": note["ppid"]}
            )
            entry["name"] = note["name"]
        elif kind == "thread":
            key = (pid, note["tid"])
            if key not in lanes:
                lanes[key] = Lane(
                    pid, note["tid"], note["name"], note["t"], cpu_start=note["cpu"]
                )
        elif kind == "thread_end":
            lane = lanes.get((pid, note["tid"]))
            if lane:
                lane.end = max(lane.end or 0, note["t"])
                lane.cpu_end = max(lane.cpu_end or 0, note["cpu"])
        elif kind == "exit":
            exits.setdefault(note["child"], note["code"])
    exits[run.pid] = run.returncode
    if run.pid in processes:
        processes[run.pid]["name"] = example.path.name
    # Threads the hooks did not see (none of Python's) still get a lane.
    last_seen: dict[tuple[int, int], int] = {}
    for moment, reading in run.samples:
        for key in reading:
            if key not in lanes:
                lanes[key] = Lane(*key, f"thread {key[1]}", moment)
            last_seen[key] = moment
    for key, lane in lanes.items():
        if lane.end is None:
            lane.end = min(
                last_seen.get(key, run.ended) + int(SAMPLE_S * 1e9), run.ended
            )
        if lane.tid == lane.pid:
            lane.exitcode = exits.get(lane.pid)

    order = sorted(
        lanes.values(),
        key=lambda ln: (
            processes.get(ln.pid, {}).get("start", ln.start),
            ln.pid,
            ln.tid != ln.pid,
            ln.start,
        ),
    )
    for index, lane in enumerate(order):
        if lane.tid == lane.pid:  # a process's first thread names it
            name = processes.get(lane.pid, {}).get("name", f"pid {lane.pid}")
            events.append(_meta("process_name", lane, name=f"{name} (pid {lane.pid})"))
        events.append(_meta("thread_name", lane, name=lane.name))
        events.append(_meta("thread_sort_index", lane, sort_index=index))

    width = _bin_width(run)
    cpu_total = _cpu_series(run, lanes, width, events, us)
    for lane in order:
        args = {"cpu_s": round(cpu_total.get((lane.pid, lane.tid), 0) / 1e9, 3)}
        if lane.exitcode is not None:
            args["exitcode"] = lane.exitcode
        events.append(
            {
                "name": "lifetime",
                "cat": "lane",
                "ph": "X",
                "pid": lane.pid,
                "tid": lane.tid,
                "ts": us(lane.start),
                "dur": round(max(lane.end - lane.start, 0) / 1000, 1),
                "args": args,
            }
        )
    task_pid = run.pid
    main_done = None  # when the first task (asyncio.run's) ended
    waiting: dict[str, int] = {}  # task -> since when it waits
    for note in run.notes:
        if note["kind"] == "task_run":
            if main_done is not None and note["task"] not in tasks:
                continue  # asyncio.run's own clean-up, after the program
            number = tasks.setdefault(note["task"], len(tasks) + 1)
            tid = TASK_LANES + number
            if note["task"] in waiting:
                since = waiting.pop(note["task"])
                events.append(
                    {
                        "name": "waits",
                        "cat": "wait",
                        "ph": "X",
                        "pid": note["pid"],
                        "tid": tid,
                        "ts": us(since),
                        "dur": round((note["start"] - since) / 1000, 1),
                    }
                )
            events.append(
                {
                    "name": "runs",
                    "cat": "run",
                    "ph": "X",
                    "pid": note["pid"],
                    "tid": tid,
                    "ts": us(note["start"]),
                    "dur": round(max(note["t"] - note["start"], 100) / 1000, 1),
                }
            )
            if not note["done"]:
                waiting[note["task"]] = note["t"]
            elif number == 1:
                main_done = note["t"]
            task_pid = note["pid"]
        elif note["kind"] == "print":
            tid = note["tid"]
            if note.get("task"):  # written by an asyncio task: its lane
                tid = TASK_LANES + tasks.setdefault(note["task"], len(tasks) + 1)
            events.append(
                {
                    "name": "print",
                    "cat": "stdout",
                    "ph": "i",
                    "s": "t",
                    "pid": note["pid"],
                    "tid": tid,
                    "ts": us(note["since"]),
                    "args": {"text": note["text"]},
                }
            )
    for name, number in tasks.items():
        lane = Lane(task_pid, TASK_LANES + number, name, 0)
        events.append(_meta("thread_name", lane, name=name))
        events.append(_meta("thread_sort_index", lane, sort_index=len(order) + number))
    return {
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "example": _named(example),
            "pid": run.pid,  # the example's own process
            "source_sha256": source_hash(example),
            "duration_s": round((run.ended - run.started) / 1e9, 3),
            "bin_s": width / 1e9,
            "sample_s": SAMPLE_S,
            "cpu_source": _cpu_source(),
            "nice": run.nice,
            **where,
        },
    }


def _cpu_series(run, lanes, width, events, us) -> dict[tuple[int, int], int]:
    """Each lane's CPU use per bin as counter events; its total CPU (ns)."""
    # Each lane's (moment, cumulative CPU ns) points: 0 at its start, every
    # kept sample, and what its thread said at its end.
    points: dict[tuple[int, int], list[tuple[int, int]]] = {
        key: [(lane.start, lane.cpu_start)] for key, lane in lanes.items()
    }
    for moment, reading in run.samples:
        for key, cpu in reading.items():
            if moment > points[key][-1][0]:
                points[key].append((moment, max(cpu, points[key][-1][1])))
    totals = {}
    for key, lane in lanes.items():
        series = points[key]
        if lane.cpu_end is not None and lane.end and lane.end > series[-1][0]:
            series.append((lane.end, max(lane.cpu_end, series[-1][1])))
        totals[key] = series[-1][1]
        name = f"cpu {lane.name} ({lane.pid}/{lane.tid})"

        def counter(moment, cores, name=name, lane=lane):
            events.append(
                {
                    "name": name,
                    "cat": "cpu",
                    "ph": "C",
                    "pid": lane.pid,
                    "tid": lane.tid,
                    "ts": us(moment),
                    "args": {"cores": cores},
                }
            )

        previous = None
        end = lane.end or run.ended
        edge = run.started + (lane.start - run.started) // width * width
        while edge < end:
            # Over the whole bin, even where the lane lived only part of it:
            # every lane shares the bins' edges, so the lanes' values add
            # up to the process's CPU use (a GIL's one core stays one).
            since, until = max(edge, lane.start), min(edge + width, end)
            value = (_at(series, until) - _at(series, since)) / width
            value = round(min(value, 1.0), 2)
            if value != previous:
                counter(since, value)
                previous = value
            edge += width
        if previous:
            counter(end, 0.0)
    return totals


def _at(series: list[tuple[int, int]], moment: int) -> float:
    """Cumulative CPU at `moment`, linear between the points around it."""
    if moment <= series[0][0]:
        return series[0][1]
    for (t0, c0), (t1, c1) in zip(series, series[1:], strict=False):
        if moment <= t1:
            return c0 + (c1 - c0) * (moment - t0) / (t1 - t0)
    return series[-1][1]


# --- where -------------------------------------------------------------------

PROBE = (
    "import json, multiprocessing, platform, sys, sysconfig; print(json.dumps({"
    "'python': platform.python_version(),"
    " 'implementation': platform.python_implementation(),"
    " 'build': ' '.join(platform.python_build()) + ', ' + platform.python_compiler(),"
    " 'gil': not sysconfig.get_config_var('Py_GIL_DISABLED'),"
    " 'start_method': multiprocessing.get_start_method()}))"
)


def where(python: str = PYTHON) -> dict:
    """Where a recording is made: the Python, its build, the machine."""
    probe = json.loads(
        subprocess.run(
            [python, "-c", PROBE], capture_output=True, text=True, check=True
        ).stdout
    )
    return {
        **probe,
        "cores": os.cpu_count(),
        "platform": f"{platform.system()} {platform.machine()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.date.today().isoformat(),
    }


def record(example: catalogue.Example, python: str = PYTHON) -> dict:
    """Record `example` once; RecordingError when its output is not the
    expected one (the recording would show another run than the page)."""
    made_at = where(python)
    result = run(example, python)
    if result.stdout != example.expected_output():
        raise RecordingError(
            f"{_named(example)} printed other output than"
            f" {example.output_path.name} while recorded:\n{result.stdout}"
        )
    return build_trace(example, result, **made_at)


def write(example: catalogue.Example, trace: dict) -> Path:
    path = trace_path(example)
    path.write_text(json.dumps(trace, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


# --- the lessons a recording must show ----------------------------------------

GIL_LIMIT = 1.1  # cores: a GIL lets one thread at a time run Python
BUSY = 0.6  # cores: more than two lanes sharing one core can each get
# example -> what its recording must show: "gil" (its threads' CPU adds
# up to at most GIL_LIMIT) or "parallel" (two lanes busy at one moment).
LESSONS = {
    "threads/gil_cpu_bound.py": "gil",
    "process_pools/cpu_speedup.py": "parallel",
    "comparison/same_work_threads.py": "gil",
    "comparison/same_work_processes.py": "parallel",
}
ATTEMPTS = 3  # a busy machine can hide the parallel lesson: try again


def busiest(trace: dict) -> tuple[float, float]:
    """(ts, cores): the moment the example's own process used the most CPU
    in all its threads, and how much."""
    root = trace["otherData"]["pid"]
    return max(traces.total_cores(trace, root), key=lambda m: m[1], default=(0.0, 0.0))


def most_busy_lanes(trace: dict) -> tuple[float, int]:
    """(ts, n): the moment the most lanes were at least BUSY, and how many."""
    series = traces.counters(trace)
    moments = sorted({ts for steps in series.values() for ts, _ in steps})
    return max(
        (
            (ts, sum(traces.cores_at(s, ts) >= BUSY for s in series.values()))
            for ts in moments
        ),
        key=lambda m: m[1],
        default=(0.0, 0),
    )


def lesson_problem(relative: str, trace: dict) -> str | None:
    """Why the recording of `relative` does not show its lesson, or None."""
    lesson = LESSONS.get(relative)
    if lesson == "gil":
        ts, cores = busiest(trace)
        if cores > GIL_LIMIT:
            return (
                f"{relative}: its threads used {cores:.2f} cores at once"
                f" ({ts / 1e6:.2f} s in), more than the GIL allows ({GIL_LIMIT})"
            )
    if lesson == "parallel":
        ts, busy = most_busy_lanes(trace)
        if busy < 2:
            return (
                f"{relative}: never two lanes at {BUSY} cores or more at once"
                " (was the machine busy? see otherData.load_average)"
            )
    return None


def exercise_programs() -> list[catalogue.Example]:
    """The predict exercises' programs that have a recording (ptc.exercises'
    `recorded`): `exercises/threads/4/program.py` and the like."""
    # Imported here: ptc.exercises draws recordings, so it imports this.
    from ptc import exercises

    return [e.program for e in exercises.exercises() if e.recorded]


def _chosen(name: str) -> catalogue.Example:
    """An example (`threads/x.py`) or an exercise's program
    (`exercises/threads/4/program.py`), as `./dev record` is given it."""
    programs = {str(p.path.relative_to(ROOT)): p for p in exercise_programs()}
    if name in programs:
        return programs[name]
    if name.startswith("exercises/"):
        raise RecordingError(
            f"{name} is not a recorded exercise program; those are: "
            + ", ".join(sorted(programs))
        )
    return catalogue.example(name)


def main(argv: list[str]) -> int:
    """`./dev record [topic/name.py | exercises/<page>/<n>/program.py ...]`:
    record every example and exercise program that has a recording (or the
    ones named), and write each trace beside it."""
    chosen = [_chosen(a) for a in argv] if argv else examples() + exercise_programs()
    failed = 0
    for example in chosen:
        for attempt in range(1, ATTEMPTS + 1):
            trace = record(example)
            problem = lesson_problem(_named(example), trace)
            if problem is None:
                break
            print(f"  attempt {attempt}: {problem}", file=sys.stderr)
        write(example, trace)
        lanes = len(traces.lane_keys(trace))
        _, cores = busiest(trace)
        everyone = max((c for _, c in traces.total_cores(trace)), default=0.0)
        other = trace["otherData"]
        print(
            f"{_named(example):45} {other['duration_s']:5.2f} s {lanes:3} lanes"
            f"  its process at most {cores:.2f} cores, all {everyone:.2f}"
            f"  (load {other['load_average'][0]})"
        )
        failed += problem is not None
    if failed:
        print(f"{failed} recording(s) do not show their lesson", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
