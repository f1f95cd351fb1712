"""The recorded runs: the committed `<name>.trace.json` files, a fresh
recording of the GIL lesson, and the figures the built pages show.

Format: every trace passes ptc.traces' schema check. Perfetto's trace
processor is not run: its PyPI package downloads the binary from Google
when first used, and the tests reach no network.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from ptc import catalogue, embeds, exercises, labels, recordings, timelines, traces

RECORDED = recordings.examples()
# The predict exercises whose program has a recording, which the solution shows.
RECORDED_EXERCISES = [e for e in exercises.exercises() if e.recorded]
GIL = "threads/gil_cpu_bound.py"
PARALLEL = "process_pools/cpu_speedup.py"


def test_the_lessons_are_recorded_examples():
    shown = {ex.relative for ex in RECORDED}
    assert set(recordings.LESSONS) <= shown
    for topic in ("threads", "thread_pools", "processes", "process_pools"):
        assert any(ex.topic == topic for ex in RECORDED), topic


@pytest.mark.parametrize("example", RECORDED, ids=lambda ex: ex.relative)
def test_every_recorded_example_has_a_valid_current_recording(example):
    trace = recordings.load(example)  # RecordingError names the file
    assert traces.problems(trace) == []
    assert traces.recording_problems(trace) == []
    assert recordings.stale(example, trace) is None, recordings.stale(example, trace)
    other = trace["otherData"]
    assert other["example"] == example.relative
    assert other["implementation"] == "CPython"
    texts = [p["args"]["text"] for p in traces.prints(trace)]
    # The lines of several processes may interleave in another order.
    assert sorted(texts) == sorted(example.expected_output().splitlines()), (
        f"{example.trace_path.name} recorded other lines than the page shows"
    )


def test_the_thread_and_process_predict_exercises_are_recorded():
    assert [e.key for e in RECORDED_EXERCISES] == [
        "processes/4",
        "process-pools/4",
        "threads/4",
        "thread-pools/4",
        "comparison/1",
        "comparison/3",
    ]
    assert [p.path for p in recordings.exercise_programs()] == [
        e.folder / "program.py" for e in RECORDED_EXERCISES
    ]


@pytest.mark.parametrize("exercise", RECORDED_EXERCISES, ids=lambda e: e.key)
def test_a_predict_answer_is_what_its_recording_printed_in_that_order(exercise):
    """The answer a reader checks against (program.output.txt) is the run
    the solution shows: the same lines, printed in the same order."""
    program = exercise.program
    trace = recordings.load(program)
    assert traces.problems(trace) == []
    assert traces.recording_problems(trace) == []
    assert recordings.stale(program, trace) is None, recordings.stale(program, trace)
    assert trace["otherData"]["example"] == f"exercises/{exercise.key}/program.py"
    printed = sorted(traces.prints(trace), key=lambda p: p["ts"])
    assert [p["args"]["text"] for p in printed] == exercise.answer_lines


def test_an_unknown_exercise_program_is_refused_by_name():
    with pytest.raises(recordings.RecordingError, match="threads/4/program.py"):
        recordings.main(["exercises/threads/9/program.py"])


@pytest.mark.parametrize("relative", sorted(recordings.LESSONS))
def test_the_committed_recordings_show_their_lesson(relative):
    trace = recordings.load(catalogue.example(relative))
    assert recordings.lesson_problem(relative, trace) is None


def test_the_gil_recording_adds_up_to_about_one_core_and_the_pool_to_two():
    gil = recordings.load(catalogue.example(GIL))
    assert 0.8 <= recordings.busiest(gil)[1] <= recordings.GIL_LIMIT
    pool = recordings.load(catalogue.example(PARALLEL))
    _, busy = recordings.most_busy_lanes(pool)
    assert busy >= 2
    moments = traces.total_cores(pool)
    assert max(cores for _, cores in moments) >= 1.5


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="recording reads /proc (Linux only)"
)
def test_a_fresh_recording_of_the_gil_example_stays_within_one_core():
    # The GIL rule holds on a loaded machine (load only takes CPU away);
    # the process speed-up does not, so it is checked on the committed file.
    example = catalogue.example(GIL)
    trace = recordings.record(example)
    assert recordings.lesson_problem(GIL, trace) is None
    assert recordings.busiest(trace)[1] > 0.5  # it did compute


def test_a_changed_example_makes_its_recording_fail_by_name(tmp_path: Path):
    example = catalogue.example(GIL)
    copy = tmp_path / example.path.name
    copy.write_text(example.source.replace("6_000_000", "7_000_000"), encoding="utf-8")
    copy.with_name(example.trace_path.name).write_bytes(example.trace_path.read_bytes())
    changed = catalogue.Example(copy)
    problem = recordings.stale(changed, recordings.load(changed))
    assert problem and example.trace_path.name in problem and "./dev record" in problem


# --- the built pages ---------------------------------------------------------


def _page(built_site: Path, lang: str, page: str) -> tuple[Path, object]:
    path = built_site / ("" if lang == "zh" else "en") / page / "index.html"
    return path, lxml.html.parse(str(path))


def _resolves(built_site: Path, page: Path, href: str) -> Path:
    url = "http://site.test/" + page.relative_to(built_site).as_posix()
    target = built_site / urlsplit(urljoin(url, href)).path.lstrip("/")
    assert target.is_file(), f"{href} on {page} is not a file in the site"
    return target


DRAWN_ALONE = [ex for ex in RECORDED if ex.topic not in recordings.SHOWN_TOGETHER]


@pytest.mark.parametrize("lang", labels.LANGUAGES)
@pytest.mark.parametrize("example", DRAWN_ALONE, ids=lambda ex: ex.relative)
def test_each_recorded_example_shows_its_run_below_its_output(
    built_site, lang, example
):
    path, tree = _page(built_site, lang, embeds.example_pages()[example.relative])
    [block] = tree.xpath(f"//div[@id='{example.anchor}']")
    [figure] = block.xpath(f".//figure[@id='{example.anchor}-recording']")
    output = block.xpath(".//div[contains(@class,'ptc-output')]")[0]
    assert output.getparent().index(output) < figure.getparent().index(figure)
    lanes = timelines.grouped(timelines.lanes_of(recordings.load(example)), lang)
    assert len(figure.xpath(".//svg[contains(@class,'ptc-rec-strip')]")) == len(lanes)
    caption = figure.xpath(".//figcaption")[0].text_content()
    assert caption.startswith(labels.label(lang, "trace.caption", where=""))
    other = recordings.load(example)["otherData"]
    assert other["python"] in caption and other["start_method"] in caption
    [link] = figure.xpath(".//a[contains(@class,'ptc-trace-download')]")
    assert link.text_content() == labels.label(lang, "trace.download")
    served = _resolves(built_site, path, link.get("href"))
    assert served.read_bytes() == example.trace_path.read_bytes()
    [details] = figure.xpath(".//details")
    assert details.xpath("./summary")[0].text_content() == labels.label(
        lang, "trace.table"
    )
    rows = details.xpath(".//tbody/tr")
    assert len(rows) == len(lanes)
    printed = [s.text_content() for r in rows for s in r.xpath("./td[last()]//samp")]
    # As the reader sees it: the page's Markdown must not have touched them.
    assert sorted(printed) == sorted(example.expected_output().splitlines())


@pytest.mark.parametrize("lang", labels.LANGUAGES)
@pytest.mark.parametrize("exercise", RECORDED_EXERCISES, ids=lambda e: e.key)
def test_a_recorded_predict_exercise_shows_its_run_in_the_solution(
    built_site, lang, exercise
):
    path, tree = _page(built_site, lang, exercise.page)
    [box] = tree.xpath(f"//div[@data-anchor='{exercise.anchor}']")
    [solution] = box.xpath(".//section[contains(@class,'ptc-solution')]")
    [figure] = solution.xpath(f".//figure[@id='{exercise.anchor}-recording']")
    lanes = timelines.grouped(
        timelines.lanes_of(recordings.load(exercise.program)), lang
    )
    assert len(figure.xpath(".//svg[contains(@class,'ptc-rec-strip')]")) == len(lanes)
    [link] = figure.xpath(".//a[contains(@class,'ptc-trace-download')]")
    served = _resolves(built_site, path, link.get("href"))
    assert served.read_bytes() == exercise.program.trace_path.read_bytes()
    rows = figure.xpath(".//details//tbody/tr")
    printed = [s.text_content() for r in rows for s in r.xpath("./td[last()]//samp")]
    assert sorted(printed) == sorted(exercise.answer_lines)


@pytest.mark.parametrize("lang", labels.LANGUAGES)
def test_the_comparison_page_stacks_three_runs_on_one_scale(built_site, lang):
    path, tree = _page(built_site, lang, "comparison")
    [figure] = tree.xpath("//figure[@id='timelines-comparison']")
    runs = figure.xpath(".//div[contains(@class,'ptc-rec-run')]")
    titles = [
        r.xpath(".//p[contains(@class,'ptc-rec-title')]")[0].text_content()
        for r in runs
    ]
    assert titles == [
        "comparison/same_work_coroutines.py",
        "comparison/same_work_threads.py",
        "comparison/same_work_processes.py",
    ]
    assert len(figure.xpath(".//div[contains(@class,'ptc-rec-axis')]")) == 1
    links = figure.xpath(".//a[contains(@class,'ptc-trace-download')]")
    assert len(links) == 3
    for link in links:
        _resolves(built_site, path, link.get("href"))
    assert len(figure.xpath(".//details//table")) == 3


def test_both_zips_hold_every_recording(built_site):
    for lang, name in catalogue.ZIP_NAMES.items():
        with zipfile.ZipFile(built_site / "examples" / name) as archive:
            names = set(archive.namelist())
        for example in RECORDED:
            member = f"{catalogue.ZIP_ROOT}/{example.topic}/{example.trace_path.name}"
            assert member in names, f"{name} ({lang}) lacks {member}"


# --- what a reader sees in Chromium ------------------------------------------

FIGURES = [
    ("threads/", "ex-threads-gil-cpu-bound-recording"),
    ("process-pools/", "ex-process-pools-cpu-speedup-recording"),
    ("comparison/", "timelines-comparison"),
]
SMALLEST_TEXT = """(figure) => Math.min(...[...figure.querySelectorAll('*')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => e.getClientRects().length)
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize(("path", "anchor"), FIGURES, ids=[p for p, _ in FIGURES])
def test_a_recording_fits_the_screen_and_its_table_opens_from_the_keyboard(
    chromium, site_url, lang, path, anchor, width, scheme
):
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}{path}", wait_until="networkidle")
        figure = page.locator(f"#{anchor}")
        assert not page.evaluate(
            "document.documentElement.scrollWidth"
            " > document.documentElement.clientWidth"
        ), "the page scrolls sideways"
        assert figure.evaluate(SMALLEST_TEXT) >= 11
        strips = figure.locator("svg.ptc-rec-strip")
        assert strips.first.bounding_box()["height"] >= 16  # not flattened
        # The drawing is hidden from screen readers; the table is not.
        assert figure.locator(".ptc-rec-drawing").get_attribute("aria-hidden") == "true"
        figure.locator("a.ptc-trace-download").last.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert figure.locator("details").evaluate("d => d.open")
        assert figure.locator("details tbody tr").first.is_visible()
    finally:
        context.close()
