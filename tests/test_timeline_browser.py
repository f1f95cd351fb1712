"""The live task lanes (web/timeline.js) as a reader sees them in Chromium,
in zh and en: they appear with a Run and grow while the code runs, a lane
per task with main first, a line and its print point at each other, 1,000
tasks are grouped, and "Download trace" saves a valid Trace Event Format
file that shows each example's lesson (the checks of
tests/test_runtime_pyodide.py, on the trace the page saved).
"""

from __future__ import annotations

import json

import pytest
from test_run_buttons_browser import (
    LANGS,
    PAGE,
    bar,
    open_page,
    output,
    run_typed,
    state,
    wait_state,
)
from test_runtime_pyodide import TIMELINE_CHECKS

from ptc import labels, traces
from ptc.browser_limits import TIMELINE_LANES

pytestmark = pytest.mark.browser

DONE = ("ok", "error", "stopped")


def timeline(page, i):
    return page.locator(f'.ptc-run-output[data-ptc-runner="{i}"] .ptc-timeline')


def lane_names(page, i) -> list[str]:
    return (
        timeline(page, i)
        .locator(".ptc-tl-name title")
        .evaluate_all("nodes => nodes.map(n => n.textContent)")
    )


# The print marks: one path per lane, a triangle ("M…z") per print.
MARKS = """() => [...document.querySelectorAll('.ptc-tl-print')]
    .map(p => p.getAttribute('d')).join('').split('M').length - 1"""


def print_marks(page) -> int:
    return page.evaluate(MARKS)


def run_example(page, url, name) -> str:
    """Open `url`, run the example `name`, wait until it ends; its runner."""
    open_page(page, url)
    example = page.locator(f'.ptc-example[data-example="coroutines/{name}.py"]')
    i = example.locator(".ptc-run-code").get_attribute("data-ptc-runner")
    bar(page, i).locator(".ptc-run").click()
    wait_state(page, i, DONE)
    assert state(page, i) == "ok"
    timeline(page, i).locator(".ptc-tl-download:not([disabled])").wait_for()
    # The editor replaces the code block after a run, which moves the output:
    # wait for it, or a hover can land on a line that has just moved away.
    page.locator(f'.ptc-editor[data-ptc-runner="{i}"]').wait_for()
    return i


@LANGS
def test_a_run_draws_a_lane_per_task_main_first(tab, site_url, lang):
    before = list(tab.requests)
    i = run_example(tab, f"{site_url}{lang}{PAGE}", "event_loop_turns")
    assert not [u for u in before if "timeline.js" in u], "loaded before any Run"
    text = labels.group("timeline")[lang.strip("/") or "zh"]
    box = timeline(tab, i)
    assert box.locator(".ptc-tl-title").inner_text() == text["title"]
    names = lane_names(tab, i)
    assert names[0].endswith("main()")
    assert [n.split()[-1] for n in names[1:]] == ["worker()"] * 3
    lines = output(tab, i).inner_text().strip().splitlines()
    assert print_marks(tab) == len(lines)  # the prints are far apart here
    assert box.locator(".ptc-tl-run").count() >= 3
    # Each worker waits at asyncio.sleep, said in the page's language.
    waits = box.locator(".ptc-tl-wait title").all_text_contents()
    sleep = text["waits"].format(on=text["wait_sleep"])
    assert waits.count(sleep) >= 3, waits
    # The text alternative: a row per span and per print, in a table.
    table = box.locator(".ptc-tl-table")
    table.locator("summary").click()
    prints = table.locator("td", has_text=text["prints"].format(text=lines[0]))
    assert prints.count() == 1
    assert table.locator("tbody tr").count() > len(lines)


def test_the_lanes_grow_while_the_code_runs(tab, site_url):
    code = (
        "import asyncio\n\n"
        "async def tick(name):\n"
        "    for i in range(8):\n"
        "        print(name, i)\n"
        "        await asyncio.sleep(0.25)\n\n"
        "async def main():\n"
        '    await asyncio.gather(tick("a"), tick("b"))\n\n'
        "asyncio.run(main())\n"
    )
    run_typed(tab, f"{site_url}{PAGE}", code, ["running"])
    tab.wait_for_function(f"({MARKS})() >= 2")
    early = print_marks(tab)
    assert state(tab, 0) == "running", "the lanes appeared only after the run"
    wait_state(tab, 0, DONE)
    timeline(tab, 0).locator(".ptc-tl-download:not([disabled])").wait_for()
    assert early < print_marks(tab) == 16


@pytest.mark.parametrize("name", sorted(TIMELINE_CHECKS))
def test_download_trace_saves_the_run_and_its_lesson(tab, site_url, name, tmp_path):
    i = run_example(tab, f"{site_url}en/{PAGE}", name)
    button = timeline(tab, i).locator(".ptc-tl-download")
    assert button.inner_text() == "Download trace"
    with tab.expect_download() as saved:
        button.click()
    assert saved.value.suggested_filename == f"{name}.trace.json"
    path = tmp_path / saved.value.suggested_filename
    saved.value.save_as(path)
    trace = json.loads(path.read_text("utf-8"))
    assert traces.problems(trace) == []
    TIMELINE_CHECKS[name](trace)


@LANGS
def test_a_line_and_its_print_point_at_each_other(tab, site_url, lang):
    i = run_example(tab, f"{site_url}{lang}{PAGE}", "event_loop_turns")
    box = timeline(tab, i)
    lines = output(tab, i).locator(".ptc-line")
    lines.nth(2).hover()
    assert box.locator(".ptc-tl-marker:not([hidden])").count() == 1
    assert lines.nth(2).inner_text().strip() in box.locator(".ptc-tl-said").inner_text()
    # The keyboard steps through the prints and lights their lines.
    tab.mouse.move(0, 0)
    assert output(tab, i).locator(".ptc-line--lit").count() == 0
    box.locator(".ptc-tl-plot").focus()
    for _ in range(2):
        tab.keyboard.press("ArrowRight")
    lit = output(tab, i).locator(".ptc-line--lit")
    assert lit.inner_text() == lines.nth(1).inner_text()
    tab.keyboard.press("End")
    assert lit.inner_text() == lines.last.inner_text()


def test_a_thousand_tasks_are_grouped(tab, site_url):
    code = (
        "import asyncio\n\n"
        "async def job(n):\n"
        "    await asyncio.sleep(0.01 * (n % 5))\n\n"
        "async def main():\n"
        "    await asyncio.gather(*(job(n) for n in range(1000)))\n"
        '    print("done")\n\n'
        "asyncio.run(main())\n"
    )
    run_typed(tab, f"{site_url}en/{PAGE}", code, DONE)
    assert state(tab, 0) == "ok"
    timeline(tab, 0).locator(".ptc-tl-download:not([disabled])").wait_for()
    names = lane_names(tab, 0)
    assert len(names) <= TIMELINE_LANES
    assert names[0].endswith("main()")
    assert "job() × 1000" in names


def test_on_paper_the_lanes_print_without_their_controls(tab, site_url):
    i = run_example(tab, f"{site_url}{PAGE}", "gather")
    tab.emulate_media(media="print")
    box = timeline(tab, i)
    assert box.locator(".ptc-tl-svg").is_visible()
    assert not box.locator(".ptc-tl-download").is_visible()
    assert not box.locator(".ptc-tl-table").is_visible()
    width = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert width[0] <= width[1], "the lanes are wider than the page"


def test_on_a_phone_the_lanes_fit_and_their_labels_stay_readable(chromium, site_url):
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    try:
        i = run_example(page, f"{site_url}en/{PAGE}", "gather")
        box = timeline(page, i)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        sizes = box.locator("svg text").evaluate_all(
            "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))"
        )
        assert sizes and min(sizes) >= 11, sizes
    finally:
        page.close()


def test_code_without_tasks_shows_no_lanes(tab, site_url):
    run_typed(tab, f"{site_url}{PAGE}", "print('no tasks here')\n", DONE)
    assert output(tab, 0).inner_text() == "no tasks here\n"
    timeline(tab, 0).wait_for(state="attached")  # the lanes loaded, and
    tab.wait_for_timeout(300)  # had time to draw
    assert not timeline(tab, 0).is_visible()
