"""ptc.recordings: how a run is recorded, turned into Trace Event Format,
and judged; on made-up runs, and on small real scripts for the hooks that
each process loads (ptc.recording_site)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from ptc import catalogue, recordings, traces

MS = 1_000_000  # ns
T0 = 10_000 * MS  # any monotonic start


def made_up_run(**overrides) -> recordings.Run:
    """One process, main thread plus two threads that share one core as
    a GIL makes them: each runs for 5 ms in turn from 20 ms to 220 ms."""
    pid, a, b = 100, 101, 102
    notes = [
        {"kind": "process", "t": T0, "pid": pid, "ppid": 1, "name": "x.py"},
        {
            "kind": "thread",
            "t": T0,
            "pid": pid,
            "tid": pid,
            "name": "MainThread",
            "cpu": 0,
        },
        {
            "kind": "thread",
            "t": T0 + 20 * MS,
            "pid": pid,
            "tid": a,
            "name": "A",
            "cpu": 0,
        },
        {
            "kind": "thread",
            "t": T0 + 20 * MS,
            "pid": pid,
            "tid": b,
            "name": "B",
            "cpu": 0,
        },
        {
            "kind": "print",
            "t": T0 + 230 * MS,
            "since": T0 + 230 * MS,
            "pid": pid,
            "tid": pid,
            "task": None,
            "text": "done",
        },
        {
            "kind": "thread_end",
            "t": T0 + 220 * MS,
            "pid": pid,
            "tid": a,
            "cpu": 100 * MS,
        },
        {
            "kind": "thread_end",
            "t": T0 + 220 * MS,
            "pid": pid,
            "tid": b,
            "cpu": 100 * MS,
        },
    ]
    samples = []
    for ms in range(0, 250, 4):
        busy = max(0, min(ms, 220) - 20)  # ms the pair has run so far
        samples.append(
            (
                T0 + ms * MS,
                {(pid, pid): 0, (pid, a): busy // 2 * MS, (pid, b): busy // 2 * MS},
            )
        )
    fields = dict(
        started=T0,
        ended=T0 + 250 * MS,
        returncode=0,
        pid=pid,
        stdout="done\n",
        notes=notes,
        samples=samples,
    )
    fields.update(overrides)
    return recordings.Run(**fields)


WHERE = dict(
    python="3.11.7",
    implementation="CPython",
    build="main, GCC",
    gil=True,
    cores=2,
    start_method="fork",
    load_average=[0.1, 0.1, 0.1],
    date="2026-12-01",
)


@pytest.fixture
def example() -> catalogue.Example:
    return catalogue.example("threads/gil_cpu_bound.py")


def test_a_made_up_run_becomes_a_valid_recording(example):
    trace = recordings.build_trace(example, made_up_run(), **WHERE)
    assert traces.problems(trace) == []
    assert traces.recording_problems(trace) == []
    assert set(traces.lane_names(trace).values()) == {"MainThread", "A", "B"}
    assert trace["otherData"]["source_sha256"] == recordings.source_hash(example)
    [printed] = traces.prints(trace)
    assert printed["args"]["text"] == "done" and printed["tid"] == 100
    [main] = [s for s in traces.spans(trace, "lifetime") if s["tid"] == 100]
    assert main["args"]["exitcode"] == 0


def test_two_threads_taking_turns_add_up_to_one_core(example):
    trace = recordings.build_trace(example, made_up_run(), **WHERE)
    _, cores = recordings.busiest(trace)
    assert 0.9 <= cores <= 1.0
    assert recordings.lesson_problem("threads/gil_cpu_bound.py", trace) is None
    steps = traces.counters(trace)[(100, 101)]
    assert max(c for _, c in steps) == pytest.approx(0.5, abs=0.05)


def test_the_gil_lesson_fails_when_threads_use_two_cores(example):
    run = made_up_run()
    run.samples = [(t, {k: v * 2 for k, v in r.items()}) for t, r in run.samples]
    for note in run.notes:
        if note["kind"] == "thread_end":
            note["cpu"] *= 2
    trace = recordings.build_trace(example, run, **WHERE)
    problem = recordings.lesson_problem("threads/gil_cpu_bound.py", trace)
    assert problem and "more than the GIL allows" in problem


def test_the_parallel_lesson_needs_two_busy_lanes_at_once(example):
    trace = recordings.build_trace(example, made_up_run(), **WHERE)
    problem = recordings.lesson_problem("process_pools/cpu_speedup.py", trace)
    assert problem and "never two lanes" in problem


def test_a_pass_that_was_preempted_is_not_a_sample():
    # The bins of a 250 ms run are 10 ms wide; a reading lags by a tick.
    assert recordings._bin_width(made_up_run()) == 10 * MS
    assert recordings.PASS_LIMIT_S < recordings.SAMPLE_S


def test_cumulative_cpu_is_linear_between_points():
    series = [(0, 0), (10, 10), (20, 10)]
    assert recordings._at(series, 5) == 5
    assert recordings._at(series, 15) == 10
    assert recordings._at(series, 99) == 10


def test_a_recording_of_an_older_source_is_stale(tmp_path: Path, example):
    copy = tmp_path / "gil_cpu_bound.py"
    copy.write_text(example.source + "\n# changed\n", encoding="utf-8")
    trace = recordings.build_trace(example, made_up_run(), **WHERE)
    problem = recordings.stale(catalogue.Example(copy), trace)
    assert problem and "gil_cpu_bound.trace.json" in problem
    assert "./dev record" in problem
    assert recordings.stale(example, trace) is None


def test_a_broken_trace_file_is_named_with_its_line(tmp_path: Path):
    script = tmp_path / "x.py"
    script.write_text("print(1)\n", encoding="utf-8")
    script.with_name("x.trace.json").write_text(
        '{"traceEvents": [\n,]}', encoding="utf-8"
    )
    with pytest.raises(recordings.RecordingError, match=r"x\.trace\.json:2: not JSON"):
        recordings.load(catalogue.Example(script))
    script.with_name("x.trace.json").write_text('{"traceEvents": []}', encoding="utf-8")
    with pytest.raises(recordings.RecordingError, match="otherData"):
        recordings.load(catalogue.Example(script))
    script.with_name("x.trace.json").unlink()
    with pytest.raises(recordings.RecordingError, match="missing: run ./dev record"):
        recordings.load(catalogue.Example(script))


SCRIPT = textwrap.dedent(
    """\
    import multiprocessing as mp
    import os
    import threading
    import time


    def child():
        print("child says hi", flush=True)
        os._exit(3)


    def helper():
        print("from the helper")


    if __name__ == "__main__":
        t = threading.Thread(target=helper, name="helper")
        t.start()
        t.join()
        p = mp.get_context("{method}").Process(target=child, name="kid")
        p.start()
        p.join()
        print("exit", p.exitcode)
    """
)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_every_start_method_gives_the_child_its_named_lane(tmp_path: Path, method):
    script = tmp_path / "starts.py"
    script.write_text(SCRIPT.replace("{method}", method), encoding="utf-8")
    example = catalogue.Example(script)
    run = recordings.run(example)
    assert run.stdout.splitlines()[-1] == "exit 3", run.stdout
    trace = recordings.build_trace(example, run, **WHERE)
    assert traces.problems(trace) + traces.recording_problems(trace) == []
    names = traces.process_names(trace)
    [kid] = [pid for pid, name in names.items() if name.startswith("kid ")]
    lifetimes = {(s["pid"], s["tid"]): s for s in traces.spans(trace, "lifetime")}
    assert lifetimes[kid, kid]["args"]["exitcode"] == 3
    lanes = traces.lane_names(trace)
    by_text = {p["args"]["text"]: (p["pid"], p["tid"]) for p in traces.prints(trace)}
    assert lanes[by_text["from the helper"]] == "helper"
    assert by_text["child says hi"][0] == kid
    assert json.dumps(trace)  # what ./dev record writes
