"""The measured ratios that held on a noisy 2-core machine, measured afresh.

CONTENT-FACTS.md lists them with their margins; absolute times are not
checked, nor are the process speed-up and the hand-off latencies (they did not
hold under load). Also: the data file has every figure the pages quote, and
the `[[m:key]]` and notebook hooks reject bad input with the file and line.
"""

from __future__ import annotations

import json
import statistics

import pytest

from ptc import DOCS, directives, measure, notebooks, pages

DATA = pages.FIGURES
KEYS = """
create.thread create.process.fork create.process.forkserver create.process.spawn
create.task create.subinterpreter handoff.thread handoff.process handoff.task
memory.thread.rss memory.thread.uss memory.task.rss memory.process.fork.uss
memory.process.forkserver.uss memory.process.spawn.uss cpu.threads.speedup
cpu.processes.speedup io.sequential io.threads io.gather switch.generator
""".split()


@pytest.fixture(scope="module")
def m():
    return measure


# --- fresh measurements ------------------------------------------------------
# These start threads, processes and tasks by the thousand: slow, not fast.


@pytest.mark.slow
@pytest.mark.serial
def test_a_thread_takes_at_least_5x_the_memory_of_a_task(m):
    thread = m._child("idle", "threads", 1000)
    task = m._child("idle", "tasks", 10000)
    per_thread, per_task = thread["rss"] / thread["n"], task["rss"] / task["n"]
    assert per_task > 0
    least = m.STABLE_RATIOS["memory.thread.rss", "memory.task.rss"]
    assert per_thread / per_task >= least, (per_thread, per_task)


@pytest.mark.slow
@pytest.mark.serial
def test_concurrent_waits_beat_sequential_waits(m):
    p = m.PARAMS
    n, wait = p["io_waits"], p["io_wait_s"]
    sequential = m.io_sequential(n, wait)
    pool = min(m.io_threads(n, wait, p["io_pool"]) for _ in range(3))
    gather = min(m.io_gather(n, wait) for _ in range(3))
    assert sequential / pool >= m.STABLE_RATIOS["io.sequential", "io.threads"]
    assert sequential / gather >= m.STABLE_RATIOS["io.sequential", "io.gather"]


@pytest.mark.slow
@pytest.mark.serial
def test_creation_order_is_spawn_forkserver_fork_thread_task(m):
    """Measured as the site measures, in a fresh interpreter running
    measure.py: in pytest's process fork copies a bigger parent, and
    forkserver's children skip re-importing __main__ (pytest's is a package
    __main__), so there the order of the two can flip."""

    def median(kind, n):
        return statistics.median(m._child("create", kind, n) for _ in range(3))

    spawn = median("spawn", 2)
    forkserver = median("forkserver", 5)
    fork = median("fork", 10)
    thread = median("thread", 200)
    task = median("task", 2000)
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
        assert (DOCS / fig["source"]).is_file(), key
        if fig["value"] is None:
            assert fig["na"]["zh"] and fig["na"]["en"], key
        else:
            assert fig["low"] <= fig["value"] <= fig["high"], key


def test_every_placeholder_in_the_pages_names_a_known_key():
    figures = pages.load_figures()
    for page in DOCS.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for d in directives.parse(text, str(page)):
            if d.name == "m":
                pages.figure(d.argument, figures)  # KeyError names the key


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


def render(markdown, lang, page_src, figures=FIGURES):
    return pages.render(
        markdown, lang=lang, page_src=page_src, to_root="", figures=figures
    )


def test_placeholder_becomes_a_linked_figure_with_its_range():
    out = render("Threads: [[m:create.thread]].", "en", "comparison.md")
    assert out.startswith(
        "Threads: [156\u00a0µs (150\u2060–\u2060171)](benchmarks/costs.py#creation "
    )
    out = render("[[m:create.thread]]", "zh", "sub/page.md")
    assert out.startswith(
        "[156\u00a0µs (150\u2060–\u2060171)](../benchmarks/costs.py#creation "
    )


def test_a_ratio_is_the_quotient_of_two_medians_with_the_widest_range():
    figures = {
        "a": {**FIGURES["create.thread"], "value": 6.0, "low": 5.0, "high": 8.0},
        "b": {**FIGURES["create.thread"], "value": 2.0, "low": 1.0, "high": 4.0},
    }
    ratio = pages.figure("a/b", figures)
    assert (ratio["value"], ratio["low"], ratio["high"]) == (3.0, 1.25, 8.0)
    assert render("[[m:a/b]]", "en", "x.md", figures).startswith(
        "[3.00×\u00a0(1.25\u2060–\u20608)](benchmarks/costs.py#creation "
    )


def test_missing_figure_renders_as_not_available():
    zh = render("[[m:create.subinterpreter]]", "zh", "a.md")
    en = render("[[m:create.subinterpreter]]", "en", "a.md")
    assert zh.startswith("[无（需 Python 3.12+）](")
    assert en.startswith("[n/a (needs Python 3.12+)](")
    ratio = render("[[m:create.subinterpreter/create.thread]]", "en", "a.md")
    assert ratio.startswith("[n/a (needs Python 3.12+)](")


def test_not_available_is_written_one_way_in_text_and_tables(capsys):
    fig = {**FIGURES["create.subinterpreter"], "key": "create.subinterpreter"}
    for lang in ("zh", "en"):
        assert measure.describe(fig, lang) == measure.not_available(fig, lang)
        measure.show_figures({"figures": FIGURES}, [fig["key"]], lang)  # as text
        assert measure.not_available(fig, lang) in capsys.readouterr().out, lang


def test_placeholders_in_code_stay_as_written():
    text = "Write `[[m:nope]]`.\n```text\n[[m:nope]]\n```\n"
    assert render(text, "en", "a.md") == text


def test_unknown_key_names_the_page_file_and_line():
    source = "# Title\n\nfine [[m:create.thread]]\nbroken [[m:create.thred]]\n"
    with pytest.raises(
        directives.DirectiveError, match=r"docs/comparison\.md:4: .*create\.thred"
    ):
        render(source, "en", "comparison.md")


def test_notebook_heading_without_id_names_the_file_and_line(tmp_path):
    import jupytext

    src = tmp_path / "broken.py"
    src.write_text("# %% [markdown]\n# # Title\n#\n# ## No id here\n\n# %%\nx = 1\n")
    with pytest.raises(
        notebooks.HeadingError, match=r"broken\.py:4: heading '## No id here'"
    ):
        notebooks.headings(src, jupytext.read(src))
