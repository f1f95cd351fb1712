"""The measured ratios that held on a noisy 2-core machine, measured afresh.

CONTENT-FACTS.md lists them with their margins; absolute times are not
checked, nor are the process speed-up and the hand-off latencies (they did not
hold under load). Also: the data file has every figure the pages quote, and
the `[[m:key]]` and notebook hooks reject bad input with the file and line.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "data" / "measurements.json"
KEYS = """
create.thread create.process.fork create.process.forkserver create.process.spawn
create.task create.subinterpreter handoff.thread handoff.process handoff.task
memory.thread.rss memory.thread.uss memory.task.rss memory.process.fork.uss
memory.process.forkserver.uss memory.process.spawn.uss cpu.threads.speedup
cpu.processes.speedup io.sequential io.threads io.gather
""".split()


def load(name: str, path: Path):
    sys.dont_write_bytecode = True  # no __pycache__ inside docs/
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # multiprocessing pickles functions by module name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def m():
    sys.dont_write_bytecode = True  # no __pycache__ inside docs/, here or in children
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.path.insert(0, str(ROOT / "docs" / "benchmarks"))
    import _measure  # spawn and forkserver children import it by this name

    return _measure


@pytest.fixture(scope="module")
def hooks():
    return (
        load("ptc_hook_measurements", ROOT / "hooks" / "measurements.py"),
        load("ptc_hook_notebooks", ROOT / "hooks" / "notebooks.py"),
    )


# --- fresh measurements ------------------------------------------------------


def test_a_thread_takes_at_least_5x_the_memory_of_a_task(m):
    thread = m._child("idle", "threads", 1000)
    task = m._child("idle", "tasks", 10000)
    per_thread, per_task = thread["rss"] / thread["n"], task["rss"] / task["n"]
    assert per_task > 0
    assert per_thread / per_task >= 5, (per_thread, per_task)


def test_concurrent_waits_beat_sequential_waits(m):
    p = m.PARAMS
    n, wait = p["io_waits"], p["io_wait_s"]
    sequential = m.io_sequential(n, wait)
    pool = min(m.io_threads(n, wait, p["io_pool"]) for _ in range(3))
    gather = min(m.io_gather(n, wait) for _ in range(3))
    assert sequential / pool >= 15, (sequential, pool)
    assert sequential / gather >= 40, (sequential, gather)


def test_creation_order_is_spawn_forkserver_fork_thread_task(m):
    def median(f, *args):
        return statistics.median(f(*args) for _ in range(3))

    spawn = median(m.create_process, "spawn", 2)
    forkserver = median(m.create_process, "forkserver", 5)
    fork = median(m.create_process, "fork", 10)
    thread = median(m.create_thread, 200)
    task = median(m.create_task, 2000)
    times = dict(
        spawn=spawn, forkserver=forkserver, fork=fork, thread=thread, task=task
    )
    assert spawn > forkserver > fork > thread > task, times


# --- the data file -----------------------------------------------------------


def test_data_file_has_every_quoted_figure():
    figures = json.loads(DATA.read_text(encoding="utf-8"))["figures"]
    for key in KEYS:
        fig = figures[key]
        assert {"unit", "source", "anchor"} <= fig.keys(), key
        assert (ROOT / "docs" / fig["source"]).is_file(), key
        if fig["value"] is None:
            assert fig["na"]["zh"] and fig["na"]["en"], key
        else:
            assert fig["low"] <= fig["value"] <= fig["high"], key


def test_every_placeholder_in_the_pages_names_a_known_key():
    import re

    figures = json.loads(DATA.read_text(encoding="utf-8"))["figures"]
    for page in (ROOT / "docs").rglob("*.md"):
        for lineno, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for key in re.findall(r"\[\[m:([^\]]*)\]\]", line):
                assert key in figures, f"{page.relative_to(ROOT)}:{lineno}: [[m:{key}]]"


# --- the hooks ---------------------------------------------------------------

FIGURES = {
    "create.thread": {
        "value": 0.000156,
        "low": 0.000150,
        "high": 0.000171,
        "n": 5,
        "unit": "s",
        "source": "benchmarks/costs.py",
        "anchor": "creation",
    },
    "create.subinterpreter": {
        "value": None,
        "unit": "s",
        "source": "benchmarks/costs.py",
        "anchor": "creation",
        "na": {"zh": "需 Python 3.12+", "en": "needs Python 3.12+"},
    },
}


def test_placeholder_becomes_a_linked_figure_with_its_range(hooks):
    measurements, _ = hooks
    out = measurements.replace(
        "Threads: [[m:create.thread]].", FIGURES, "en", "comparison.md"
    )
    assert out.startswith(
        "Threads: [156\u00a0µs (150\u2060–\u2060171)](benchmarks/costs.py#creation "
    )
    out = measurements.replace("[[m:create.thread]]", FIGURES, "zh", "sub/page.md")
    assert out.startswith(
        "[156\u00a0µs (150\u2060–\u2060171)](../benchmarks/costs.py#creation "
    )


def test_missing_figure_renders_as_not_available(hooks):
    measurements, _ = hooks
    zh = measurements.replace("[[m:create.subinterpreter]]", FIGURES, "zh", "a.md")
    en = measurements.replace("[[m:create.subinterpreter]]", FIGURES, "en", "a.md")
    assert zh.startswith("[无（需 Python 3.12+）](")
    assert en.startswith("[n/a (needs Python 3.12+)](")


def test_placeholders_in_code_stay_as_written(hooks):
    measurements, _ = hooks
    text = "Write `[[m:nope]]`.\n```text\n[[m:nope]]\n```\n"
    assert measurements.replace(text, FIGURES, "en", "a.md") == text


def test_unknown_key_names_the_page_file_and_line(hooks):
    measurements, _ = hooks
    source = "# Title\n\nfine [[m:create.thread]]\nbroken [[m:create.thred]]\n"
    with pytest.raises(
        PluginError, match=r"docs/comparison\.md:4: unknown .*create\.thred"
    ):
        measurements.replace(source, FIGURES, "en", "comparison.md", source)


def test_notebook_heading_without_id_names_the_file_and_line(hooks, tmp_path):
    import jupytext

    _, notebooks = hooks
    src = tmp_path / "broken.py"
    src.write_text("# %% [markdown]\n# # Title\n#\n# ## No id here\n\n# %%\nx = 1\n")
    notebooks.ROOT = tmp_path  # report paths relative to the temp dir
    with pytest.raises(PluginError, match=r"broken\.py:4: heading '## No id here'"):
        notebooks._headings(src, jupytext.read(src))
