"""Every browser-runnable example and snippet, run by the site's own runner
under real Pyodide (npm `pyodide`, in Node 20), prints what CPython prints.

The code path is the page's: web/runtime.mjs loads Pyodide and web/runtime.py
(asyncio.run rewritten to top-level await, time.sleep blocking, fresh
globals), bundled by web/build.mjs into build/test/node_run.mjs. Which blocks
are runnable is decided by ptc.browser_limits, the rule that puts Run buttons
on the pages. Expected output: examples/<topic>/<name>.output.txt for examples,
the `#>` lines (checked the way pytest-examples checks them) for snippets.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from pytest_examples import CodeExample, find_examples
from pytest_examples.config import ExamplesConfig
from pytest_examples.run_code import Arg, InsertPrintStatements, PrintStatement

from ptc import DOCS, EXAMPLES, ROOT, catalogue, site, snippets
from ptc.browser_limits import browser_runnable

# Pyodide in Node takes a few seconds per load: one worker loads it for all.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pyodide")]
HARNESS = site.NODE_HARNESS
PYODIDE_PYTHON = (3, 14)  # npm pyodide 314.x embeds CPython 3.14

# Records print() calls the way pytest-examples' MockPrintFunction does, so
# the `#>` lines are checked by pytest-examples' own insertion code.
RECORD_PRINTS = r"""
import builtins, re, sys
_ptc_real_print = builtins.print
_ptc_prints = []
def _ptc_arg(v):
    if isinstance(v, str):
        return [True, v]
    if isinstance(v, set):
        return [False, "{" + ", ".join(repr(x) for x in sorted(v)) + "}"]
    return [False, re.sub("0x[a-f0-9]{8,12}>", "0x0123456789ab>", str(v))]
def _ptc_print(*args, sep=" ", end="\n", file=None, flush=False):
    f = sys._getframe(1)
    while f is not None and f.f_code.co_filename != FILENAME:
        f = f.f_back
    if f is not None and file in (None, sys.stdout):
        _ptc_prints.append([f.f_lineno, sep, [_ptc_arg(a) for a in args]])
    _ptc_real_print(*args, sep=sep, end=end, file=file, flush=flush)
builtins.print = _ptc_print
"""
COLLECT_PRINTS = (
    "(__import__('builtins').__setattr__('print', _ptc_real_print),"
    " __import__('json').dumps(_ptc_prints))[1]"
)


def runnable_examples() -> list[Path]:
    return [ex.path for ex in catalogue.examples() if browser_runnable(ex.source)[0]]


def runnable_snippets() -> list[CodeExample]:
    unique: dict[str, CodeExample] = {}
    for path in sorted(DOCS.rglob("*.md")):
        for example in find_examples(path):
            if example.prefix not in snippets.RUN_LANGS:
                continue
            unique.setdefault(example.source, example)
    return [
        example
        for example in unique.values()
        # A snippet too new for Pyodide's Python cannot run there either.
        if not snippets.skip_reason(example.source, PYODIDE_PYTHON)
        and browser_runnable(example.source)[0]
    ]


def snippet_id(example: CodeExample) -> str:
    return f"{example.path.relative_to(ROOT)}:{example.start_line}"


def run_in_pyodide(cases: list[dict], timeout: float = 300) -> dict[str, dict]:
    """Run cases in one Node process (Pyodide loads once); results by id."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH; the runner tests need Node 20", pytrace=False)
    try:
        site.bundle()
    except site.StepFailed as failure:
        pytest.fail(str(failure), pytrace=False)
    result = subprocess.run(
        [node, str(HARNESS)],
        cwd=ROOT,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(f"{HARNESS.name} failed:\n{result.stderr}", pytrace=False)
    return {r["id"]: r for r in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def example_results():
    """Results by id; the examples that read a clock run in a batch of
    their own, in the serial part of the test run."""
    batches: dict[bool, dict[str, dict]] = {}

    def results(timed: bool) -> dict[str, dict]:
        if timed not in batches:
            batches[timed] = run_in_pyodide(
                [
                    {
                        "id": str(p.relative_to(ROOT)),
                        "source": p.read_text("utf-8"),
                        "filename": p.name,
                    }
                    for p in runnable_examples()
                    if catalogue.Example(p).times_itself == timed
                ]
            )
        return batches[timed]

    return results


@pytest.fixture(scope="module")
def snippet_results() -> dict[str, dict]:
    cases = [
        {
            "id": snippet_id(ex),
            "source": ex.source,
            "filename": "main.py",
            "setup": RECORD_PRINTS.replace("FILENAME", repr("main.py")),
            "collect": COLLECT_PRINTS,
        }
        for ex in runnable_snippets()
    ]
    return run_in_pyodide(cases)


def test_the_rule_matches_the_coroutine_examples():
    """The coroutine examples get Run; the thread one (to_thread) does not."""
    coroutines = sorted(EXAMPLES.glob("coroutines/*.py"))
    assert coroutines, "examples/coroutines/ is empty"
    verdicts = {p.name: browser_runnable(p.read_text("utf-8")) for p in coroutines}
    blocked = {name: why for name, (ok, why) in verdicts.items() if not ok}
    assert set(blocked) <= {"to_thread_fix.py"}, blocked
    if (EXAMPLES / "coroutines" / "to_thread_fix.py").exists():
        assert "to_thread_fix.py" in blocked
    for topic in ("threads", "processes", "process_pools", "thread_pools"):
        for path in EXAMPLES.glob(f"{topic}/*.py"):
            assert not browser_runnable(path.read_text("utf-8"))[0], path


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            p,
            id=str(p.relative_to(EXAMPLES)),
            marks=[pytest.mark.serial] if catalogue.Example(p).times_itself else [],
        )
        for p in runnable_examples()
    ],
)
def test_example_output_matches_cpython(path: Path, example_results):
    expected_file = catalogue.Example(path).output_path
    if not expected_file.exists():
        pytest.fail(
            f"{expected_file.relative_to(ROOT)} is missing (./dev update-examples)",
            pytrace=False,
        )
    got = example_results(catalogue.Example(path).times_itself)[
        str(path.relative_to(ROOT))
    ]
    assert got["status"] == "ok", (
        f"{path.relative_to(ROOT)} failed in Pyodide:\n{got['stderr']}"
    )
    assert got["stderr"] == ""
    assert got["stdout"] == expected_file.read_text("utf-8"), (
        f"{path.relative_to(ROOT)}: Pyodide printed something else than "
        f"{expected_file.name}"
    )


@pytest.mark.parametrize("example", runnable_snippets(), ids=snippet_id)
def test_snippet_output_matches_its_output_lines(example: CodeExample, snippet_results):
    got = snippet_results[snippet_id(example)]
    assert got["status"] == "ok", (
        f"{snippet_id(example)} failed in Pyodide:\n{got['stderr']}"
    )
    statements = [
        PrintStatement(line, sep, [_arg(is_str, data) for is_str, data in args])
        for line, sep, args in json.loads(got["collected"])
    ]
    inserter = InsertPrintStatements(
        example.path,
        ExamplesConfig(**snippets.EXAMPLES_CONFIG),
        enable=True,
        print_callback=None,
        include_print=None,
    )
    inserter.print_func.statements = statements
    rewritten = inserter.updated_print_statements(example)
    assert rewritten is None, (
        f"{snippet_id(example)}: under Pyodide the #> lines would read:\n{rewritten}"
    )


def _arg(is_str: bool, data: str) -> Arg:
    arg = Arg.__new__(Arg)
    arg.data, arg.is_str = data, is_str
    return arg


# The runner's own promises, checked on the same runtime.


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


SEMANTICS = {
    "traceback": (
        _src("""
        import math


        def f():
            return 1 / 0


        f()
        """),
        None,
    ),
    "syntax": ("x = (\n", None),
    "threads": (
        _src("""
        import threading

        threading.Thread(target=print).start()
        """),
        None,
    ),
    "to_thread": (
        _src("""
        import asyncio


        async def main():
            await asyncio.to_thread(print)


        asyncio.run(main())
        """),
        None,
    ),
    "input": ("name = input('name? ')\n", None),
    "subprocess": ("import subprocess\n\nsubprocess.run(['ls'])\n", None),
    "processes": (
        _src("""
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor() as pool:
            print(list(pool.map(abs, [1])))
        """),
        None,
    ),
    "process": (
        _src("""
        import multiprocessing

        p = multiprocessing.Process(target=print)
        p.start()
        """),
        None,
    ),
    "stop_cleanup": (
        _src("""
        import asyncio


        async def tick(n):
            try:
                while True:
                    await asyncio.sleep(0.05)
            finally:
                print("cleanup", n)


        async def main():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(tick(1))
                tg.create_task(tick(2))


        if __name__ == "__main__":
            asyncio.run(main())
        """),
        300,
    ),
    "sleep_blocks_loop": (
        _src("""
        import asyncio
        import time

        ticks = 0


        async def ticker():
            global ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)


        async def main():
            t = asyncio.create_task(ticker())
            await asyncio.sleep(0)
            before = ticks
            time.sleep(0.3)
            print("ticks during time.sleep:", ticks - before)
            t.cancel()


        asyncio.run(main())
        """),
        None,
    ),
    "fresh_globals_1": ("leftover = 1\nprint('set')\n", None),
    "fresh_globals_2": ("print('leftover' in globals(), __name__)\n", None),
}


@pytest.fixture(scope="module")
def semantics():
    cases = [
        {"id": key, "source": src, "filename": "demo.py", "stop_after": stop}
        for key, (src, stop) in SEMANTICS.items()
    ]
    return run_in_pyodide(cases)


def test_traceback_has_editor_line_numbers(semantics):
    err = semantics["traceback"]["stderr"]
    assert semantics["traceback"]["status"] == "error"
    assert err.startswith("Traceback (most recent call last):\n")
    assert 'File "demo.py", line 8, in <module>' in err
    assert 'File "demo.py", line 5, in f' in err
    assert "return 1 / 0" in err
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "ptc_runtime" not in err and "_pyodide" not in err


def test_syntax_error_points_at_the_line(semantics):
    err = semantics["syntax"]["stderr"]
    assert 'File "demo.py", line 1' in err
    assert "SyntaxError: '(' was never closed" in err


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        ("threads", "threads"),
        ("to_thread", "threads"),
        ("input", "input"),
        ("subprocess", "subprocess"),
        ("processes", "processes"),
        ("process", "processes"),
    ],
)
def test_missing_os_features_are_named(semantics, case, kind):
    got = semantics[case]
    assert (got["status"], got["kind"]) == ("error", kind), got


@pytest.mark.serial  # Stop is timed
def test_stop_cancels_tasks_and_runs_cleanup(semantics):
    got = semantics["stop_cleanup"]
    assert got["status"] == "stopped"
    assert sorted(got["stdout"].splitlines()) == ["cleanup 1", "cleanup 2"]
    assert got["stop_seconds"] < 0.5


def test_time_sleep_blocks_the_loop_as_in_cpython(semantics):
    assert semantics["sleep_blocks_loop"]["stdout"] == "ticks during time.sleep: 0\n"


def test_each_run_has_fresh_globals(semantics):
    assert semantics["fresh_globals_2"]["stdout"] == "False __main__\n"


def test_built_pages_mark_exactly_the_runnable_blocks(built_site: Path):
    """Run buttons go where the rule says, with the example's file name."""
    from lxml import html as lxml_html

    page = lxml_html.parse(str(built_site / "coroutines" / "index.html")).getroot()
    for example in page.xpath("//div[contains(@class, 'ptc-example')]"):
        name = example.get("data-example")
        script = EXAMPLES / name
        marked = example.xpath(".//div[contains(@class, 'ptc-run-code')]")
        if browser_runnable(script.read_text("utf-8"))[0]:
            assert len(marked) == 1, name
            assert marked[0].get("data-run-file") == script.name
            # The zh page shows the zh version (ptc.translations).
            shown = catalogue.example(name).source_in("zh")
            assert marked[0].xpath("string(.//code)") == shown
        else:
            assert marked == [], f"{name} must not get a Run button"
    en = lxml_html.parse(str(built_site / "en" / "coroutines" / "index.html")).getroot()
    count = "count(//div[contains(@class, 'ptc-run-code')])"
    assert page.xpath(count) == en.xpath(count) > 0


# The runner records what ran when (web/runtime.py, Timeline), not the
# examples: these run unchanged and the trace is read after each run.
TIMELINE_EXAMPLES = ["event_loop_turns", "blocking_freezes_loop", "gather"]


@pytest.fixture(scope="module")
def timelines() -> dict[str, dict]:
    cases = [
        {
            "id": name,
            "source": (EXAMPLES / "coroutines" / f"{name}.py").read_text("utf-8"),
            "filename": f"{name}.py",
            "collect": "__import__('ptc_runtime').last_trace()",
        }
        for name in TIMELINE_EXAMPLES
    ]
    results = run_in_pyodide(cases)
    return {name: json.loads(results[name]["collected"]) for name in TIMELINE_EXAMPLES}


def _inside(event, span) -> bool:
    return span["ts"] <= event["ts"] <= span["ts"] + span["dur"]


@pytest.mark.parametrize("name", TIMELINE_EXAMPLES)
def test_each_run_records_a_valid_trace(timelines, name):
    from ptc import traces

    assert traces.problems(timelines[name]) == []


# The checks on each trace are functions: tests/test_timeline_browser.py
# applies them to the trace the page's "Download trace" saves.
def check_event_loop_turns(trace: dict) -> None:
    """Main first, then three workers; one task at a time; the spans come in
    the order of the printed lines."""
    from ptc import traces

    names = traces.lanes(trace)
    lanes = [n for lane, n in sorted(names.items()) if lane]
    assert lanes[0].endswith("main()")  # the main coroutine first
    assert [n.split()[-1] for n in lanes[1:]] == ["worker()"] * 3
    runs = traces.spans(trace, "runs")
    for before, after in zip(runs, runs[1:], strict=False):  # one thread
        assert before["ts"] + before["dur"] <= after["ts"] + 0.5, (before, after)
    # Each line is printed inside a span of the task that printed it, and
    # the spans come in the order of the lines.
    expected = (EXAMPLES / "coroutines/event_loop_turns.output.txt").read_text("utf-8")
    lines = traces.prints(trace)
    assert [p["args"]["text"] for p in lines] == expected.splitlines()
    owners = []
    for line in lines:
        span = next(s for s in runs if s["tid"] == line["tid"] and _inside(line, s))
        owners.append(runs.index(span))
    assert owners == sorted(owners)
    worker_lines = [p for p in lines if names[p["tid"]].endswith("worker()")]
    assert {p["args"]["text"][0] for p in worker_lines} == {"A", "B", "C"}


def check_blocking_freezes_loop(trace: dict) -> None:
    """One task runs for the whole time.sleep; no other task runs inside."""
    from ptc import traces

    runs = traces.spans(trace, "runs")
    frozen = max(runs, key=lambda s: s["dur"])
    assert frozen["dur"] >= 400_000  # the time.sleep(0.5) inside one step
    start, end = frozen["ts"], frozen["ts"] + frozen["dur"]
    others = [
        s
        for s in runs
        if s is not frozen and s["ts"] < end and s["ts"] + s["dur"] > start
    ]
    assert others == [], "another task ran while the loop was frozen"


def check_gather(trace: dict) -> None:
    """The fetches' sleeps overlap; main waits on the gather."""
    from ptc import traces

    names = traces.lanes(trace)
    waits = [
        s
        for s in traces.spans(trace)
        if s["cat"] == "wait"
        and s["args"]["on"] == "sleep"
        and names[s["tid"]].endswith("fetch()")
    ]
    overlapping = [
        (a["tid"], b["tid"])
        for a in waits
        for b in waits
        if a["tid"] < b["tid"]
        and a["ts"] < b["ts"] + b["dur"]
        and b["ts"] < a["ts"] + a["dur"]
    ]
    assert overlapping, "the fetches' sleeps should overlap"
    main_waits = {
        s["args"]["on"]
        for s in traces.spans(trace)
        if s["tid"] == 1 and s["cat"] == "wait"
    }
    assert "gather" in main_waits


TIMELINE_CHECKS = {
    "event_loop_turns": check_event_loop_turns,
    "blocking_freezes_loop": check_blocking_freezes_loop,
    "gather": check_gather,
}


@pytest.mark.parametrize("name", TIMELINE_EXAMPLES)
def test_the_timeline_shows_the_lesson(timelines, name):
    TIMELINE_CHECKS[name](timelines[name])


def test_the_timeline_sends_news_while_the_code_runs():
    """What the page's live lanes get (Timeline.drain): lanes named once,
    each event once, the open waits, and the time now."""
    source = (EXAMPLES / "coroutines" / "event_loop_turns.py").read_text("utf-8")
    collect = (
        "__import__('json').dumps([__import__('ptc_runtime').drain_trace(),"
        " __import__('ptc_runtime').drain_trace(),"
        " __import__('ptc_runtime').last_trace()])"
    )
    [result] = run_in_pyodide(
        [{"id": "news", "source": source, "filename": "t.py", "collect": collect}]
    ).values()
    first, second, whole = (json.loads(x) for x in json.loads(result["collected"]))
    full = [e for e in whole["traceEvents"] if e["ph"] != "M"]
    assert first["events"] == full  # nothing sent before: all of it, once
    assert second["events"] == [] and second["lanes"] == {}
    assert sorted(first["lanes"].values()) == sorted(
        e["args"]["name"]
        for e in whole["traceEvents"]
        if e["name"] == "thread_name" and e["tid"]
    )
    assert first["waiting"] == {}  # the run is over: no wait is open
    assert first["now"] >= max(e["ts"] + e.get("dur", 0) for e in full)


def test_a_flood_of_prints_is_counted_not_kept():
    from ptc.browser_limits import TIMELINE_EVENTS

    source = "for i in range(30_000):\n    print(i)\n"
    collect = "__import__('ptc_runtime').last_trace()"
    [result] = run_in_pyodide(
        [{"id": "flood", "source": source, "filename": "f.py", "collect": collect}]
    ).values()
    trace = json.loads(result["collected"])
    kept = [e for e in trace["traceEvents"] if e["ph"] != "M"]
    assert len(kept) == TIMELINE_EVENTS
    assert trace["otherData"]["dropped_events"] == 30_000 - TIMELINE_EVENTS


WAITS_ON = """import asyncio


async def main():
    queue, joined = asyncio.Queue(), asyncio.Queue()
    joined.put_nowait("job")
    lock, event, gate = asyncio.Lock(), asyncio.Event(), asyncio.Semaphore(0)

    async def on_queue():
        await queue.get()

    async def on_join():
        await joined.join()

    async def on_lock():
        async with lock:
            pass

    async def on_event():
        await event.wait()

    async def on_semaphore():
        async with gate:
            pass

    async def on_sleep():
        await asyncio.sleep(0.02)

    waiting = [on_queue, on_join, on_lock, on_event, on_semaphore, on_sleep]
    async with lock:
        tasks = [asyncio.create_task(f(), name=f.__name__) for f in waiting]
        await asyncio.sleep(0.01)
    queue.put_nowait(1)
    joined.get_nowait()
    joined.task_done()
    event.set()
    gate.release()
    await asyncio.gather(*tasks)


asyncio.run(main())
"""


def test_each_wait_is_named_by_what_the_code_awaits():
    """The outermost asyncio call names a wait: queue.join() is a wait on
    the queue, though it waits on an Event inside."""
    from ptc import traces

    collect = "__import__('ptc_runtime').last_trace()"
    [result] = run_in_pyodide(
        [{"id": "waits", "source": WAITS_ON, "filename": "w.py", "collect": collect}]
    ).values()
    assert result["status"] == "ok", result["stderr"]
    trace = json.loads(result["collected"])
    names = traces.lanes(trace)
    first_wait = {}
    for span in traces.spans(trace):
        if span["cat"] == "wait":
            first_wait.setdefault(names[span["tid"]].split()[0], span["args"]["on"])
    assert first_wait | {"Task-2": None} == {
        "Task-2": None,  # main
        "on_queue": "queue",
        "on_join": "queue",
        "on_lock": "lock",
        "on_event": "event",
        "on_semaphore": "semaphore",
        "on_sleep": "sleep",
    }
