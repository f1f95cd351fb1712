"""The exercises as a reader uses them in Chromium, in zh and en: Check
shows each check passed or failed with its hint, an infinite loop is
stopped, a revealed solution stays revealed after a reload, predicting by
ordering lines and by choosing an option is checked, and nothing leaves
the site. The code is typed into the page's own editor."""

from __future__ import annotations

import json
import time

import pytest
from test_engines_browser import LOAD as ENGINE_LOAD
from test_engines_browser import fresh as engine_fresh
from test_engines_browser import type_code as engine_type_code
from test_run_buttons_browser import (
    LANGS,
    LOAD_TIMEOUT,
    open_page,
    type_code,
    wait_state,
)

from ptc import exercises, labels

pytestmark = pytest.mark.browser


def box(page, key):
    return page.locator(f'.ptc-exercise[data-exercise="{key}"]')


def runner_of(page, key) -> str:
    return box(page, key).locator(".ptc-run-code").get_attribute("data-ptc-runner")


def open_exercises(page, url):
    open_page(page, url)
    page.wait_for_selector(".ptc-exercises[data-ready='yes']", timeout=20_000)


def check(page, key, timeout=LOAD_TIMEOUT):
    """Press Check and wait until every check has a final result."""
    box(page, key).locator(".ptc-check").click()
    page.wait_for_function(
        "(key) => { const b = document.querySelector("
        '`.ptc-exercise[data-exercise="${key}"]`);'
        " const items = [...b.querySelectorAll('.ptc-check-results li')];"
        " return !b.querySelector('.ptc-check').disabled && items.length &&"
        " items.every((li) => li.dataset.result !== 'pending'); }",
        arg=key,
        timeout=timeout,
    )
    items = box(page, key).locator(".ptc-check-results li")
    return {
        items.nth(i).get_attribute("data-check"): items.nth(i).get_attribute(
            "data-result"
        )
        for i in range(items.count())
    }


def lang_of(prefix: str) -> str:
    return "en" if prefix else "zh"


@LANGS
def test_check_shows_each_check_with_the_hint_of_a_failed_one(tab, site_url, lang):
    key = "coroutines/2"
    exercise = exercises.load(exercises.EXERCISES / key)
    open_exercises(tab, f"{site_url}{lang}coroutines/")
    reveal = box(tab, key).locator(".ptc-reveal")
    assert reveal.is_disabled(), "the solution opens before any attempt"
    results = check(tab, key)
    assert results == {i: "failed" for i in exercise.check_ids}
    hints = box(tab, key).locator(".ptc-check-hint").all_inner_texts()
    text = exercise.texts[lang_of(lang)]
    # Its `code` is shown as code, without the backticks.
    assert hints == [text.hints[i].replace("`", "") for i in exercise.check_ids]
    assert box(tab, key).locator(".ptc-check-hint code").count() > 0
    assert (
        box(tab, key).locator(".ptc-exercise-status").get_attribute("data-kind")
        == "wrong"
    )
    assert reveal.is_enabled(), "an attempt opens the solution"

    type_code(tab, int(runner_of(tab, key)), exercise.source("solution.py"))
    results = check(tab, key)
    assert results == {i: "passed" for i in exercise.check_ids}
    assert box(tab, key).locator(".ptc-check-hint").count() == 0
    status = box(tab, key).locator(".ptc-exercise-status")
    assert status.get_attribute("data-kind") == "right"
    assert status.inner_text() == labels.label(lang_of(lang), "exercise.js.all_passed")
    assert box(tab, key).get_attribute("data-done") == "yes"
    progress = tab.locator(".ptc-exercises .ptc-progress-line").inner_text()
    assert "1" in progress
    assert not tab.foreign, tab.foreign


@LANGS
def test_a_starter_that_passes_some_checks_shows_a_hint_only_for_the_rest(
    tab, site_url, lang
):
    key = "coroutines/4"  # one page after another: right, never over, too slow
    exercise = exercises.load(exercises.EXERCISES / key)
    open_exercises(tab, f"{site_url}{lang}coroutines/")
    results = check(tab, key)
    assert results == {
        "results": "passed",
        "never_over_limit": "passed",
        "uses_the_limit": "failed",
    }
    failed = box(tab, key).locator('.ptc-check-results li[data-result="failed"]')
    hint = exercise.texts[lang_of(lang)].hints["uses_the_limit"].replace("`", "")
    assert failed.locator(".ptc-check-hint").inner_text() == hint
    passed = box(tab, key).locator('.ptc-check-results li[data-result="passed"]')
    assert passed.locator(".ptc-check-hint").count() == 0
    text = labels.group("exercise.js")[lang_of(lang)]
    status = box(tab, key).locator(".ptc-exercise-status").inner_text()
    assert status == text["some_failed"].format(failed=1, total=3)


@LANGS
def test_an_infinite_loop_in_checked_code_is_stopped(tab, site_url, lang):
    key = "coroutines/4"
    exercise = exercises.load(exercises.EXERCISES / key)
    open_exercises(tab, f"{site_url}{lang}coroutines/")
    i = int(runner_of(tab, key))
    looping = "async def fetch_all(pages, limit=2):\n    while True:\n        pass\n"
    type_code(tab, i, looping)
    box(tab, key).locator(".ptc-check").click()
    stop = box(tab, key).locator(".ptc-stop")
    tab.wait_for_function(
        '(key) => document.querySelector(`.ptc-exercise[data-exercise="${key}"]`)'
        '.dataset.check === "running"',
        arg=key,
        timeout=LOAD_TIMEOUT,  # Pyodide loads first
    )
    assert stop.is_enabled()
    tab.wait_for_timeout(1500)  # Python is now inside the loop
    assert tab.evaluate("1 + 1") == 2  # the page answers meanwhile
    stop.click()
    stopped = labels.label(lang_of(lang), "exercise.js.stopped")
    tab.wait_for_function(
        "([key, text]) => document.querySelector(`.ptc-exercise[data-exercise="
        '"${key}"] .ptc-exercise-status`).textContent === text',
        arg=[key, stopped],
        timeout=20_000,
    )
    # Python still works: the solution now passes.
    type_code(tab, i, exercise.source("solution.py"))
    assert set(check(tab, key).values()) == {"passed"}


@LANGS
def test_a_revealed_solution_stays_revealed_after_a_reload(tab, site_url, lang):
    key = "coroutines/5"
    url = f"{site_url}{lang}coroutines/"
    open_exercises(tab, url)
    solution = box(tab, key).locator(".ptc-solution")
    assert solution.is_hidden()
    box(tab, key).locator(".ptc-run").click()  # a Run counts as an attempt
    box(tab, key).locator(".ptc-reveal").click()
    assert solution.is_visible()
    tab.reload(wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']")
    assert solution.is_visible(), "the revealed solution was hidden by a reload"
    stored = tab.evaluate(
        "(k) => localStorage.getItem(k)", f"ptc-exercise:{lang_of(lang)}/{key}"
    )
    assert '"revealed":true' in stored
    box(tab, key).locator(".ptc-exercise-reset").click()
    assert solution.is_hidden()
    tab.reload(wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']")
    assert solution.is_hidden()
    assert box(tab, key).locator(".ptc-reveal").is_disabled()


def order_lines(page, key) -> list[str]:
    return box(page, key).locator(".ptc-order code").all_inner_texts()


@LANGS
def test_predicting_an_order_is_checked_with_the_keyboard(tab, site_url, lang):
    key = "coroutines/1"
    exercise = exercises.load(exercises.EXERCISES / key)
    open_exercises(tab, f"{site_url}{lang}coroutines/")
    assert order_lines(tab, key) == exercise.shuffled_lines
    box(tab, key).locator(".ptc-check").first.click()
    status = box(tab, key).locator(".ptc-exercise-status")
    assert status.get_attribute("data-kind") == "wrong"
    assert box(tab, key).locator(".ptc-solution").is_hidden()
    # Put each line in place with the Up buttons, by keyboard.
    truth = exercise.answer_lines
    for target, line in enumerate(truth):
        lines = order_lines(tab, key)
        at = next(j for j in range(target, len(lines)) if lines[j] == line)
        for j in range(at, target, -1):
            button = (
                box(tab, key).locator(".ptc-order li").nth(j).locator(".ptc-move-up")
            )
            button.focus()
            tab.keyboard.press("Enter")
    assert order_lines(tab, key) == truth
    box(tab, key).locator(".ptc-check").first.click()
    assert status.get_attribute("data-kind") == "right"
    assert box(tab, key).locator(".ptc-solution").is_visible()
    # The order is kept: a reload shows the lines as arranged.
    tab.reload(wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']")
    assert order_lines(tab, key) == truth


@LANGS
def test_predicting_by_choosing_an_option_is_checked(tab, site_url, lang):
    key = "processes/4"
    exercise = exercises.load(exercises.EXERCISES / key)
    open_page_url = f"{site_url}{lang}processes/"
    tab.goto(open_page_url, wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']", timeout=20_000)
    options = box(tab, key).locator(".ptc-option")
    right = exercise.options.index(exercise.expected_output.rstrip("\n"))
    wrong = (right + 1) % len(exercise.options)
    status = box(tab, key).locator(".ptc-exercise-status")
    options.nth(wrong).locator("input").check()
    box(tab, key).locator(".ptc-check").click()
    assert status.get_attribute("data-kind") == "wrong"
    options.nth(right).locator("input").check()
    box(tab, key).locator(".ptc-check").click()
    assert status.get_attribute("data-kind") == "right"
    assert box(tab, key).locator(".ptc-solution pre").first.inner_text().strip() == (
        exercise.expected_output.strip()
    )
    # The solution shows the run the answer came from: a recording, drawn.
    figure = box(tab, key).locator(f"#{exercise.anchor}-recording")
    assert figure.is_visible()
    strip = figure.locator("svg.ptc-rec-strip").first.bounding_box()
    assert strip["height"] >= 16 and strip["width"] > 100, strip


@LANGS
def test_a_coroutine_predict_program_runs_on_the_page_and_prints_the_answer(
    tab, site_url, lang
):
    key = "coroutines/1"
    exercise = exercises.load(exercises.EXERCISES / key)
    open_exercises(tab, f"{site_url}{lang}coroutines/")
    i = runner_of(tab, key)
    box(tab, key).locator(".ptc-run").click()
    wait_state(tab, i, ["ok", "error", "stopped", "failed"])
    shown = tab.locator(f'.ptc-run-output[data-ptc-runner="{i}"] pre').inner_text()
    assert shown.strip() == exercise.expected_output.strip()


def test_check_during_a_run_of_its_block_stops_the_run_and_can_be_stopped(
    tab, site_url
):
    key = "coroutines/4"
    open_exercises(tab, f"{site_url}en/coroutines/")
    i = runner_of(tab, key)
    type_code(tab, int(i), "import time\nwhile True:\n    time.sleep(0.01)\n")
    box(tab, key).locator(".ptc-run").click()
    wait_state(tab, i, ["running"])
    box(tab, key).locator(".ptc-check").click()
    # The looping Run is stopped; the Check runs (its code loops at import).
    stop = box(tab, key).locator(".ptc-stop")
    tab.wait_for_function(
        '(key) => document.querySelector(`.ptc-exercise[data-exercise="${key}"]'
        " .ptc-check`).disabled",
        arg=key,
        timeout=LOAD_TIMEOUT,
    )
    tab.wait_for_timeout(1000)
    assert stop.is_enabled(), "the Check cannot be stopped"
    stop.click()
    tab.wait_for_function(
        '(key) => !document.querySelector(`.ptc-exercise[data-exercise="${key}"]'
        " .ptc-check`).disabled",
        arg=key,
        timeout=20_000,
    )


def test_a_check_stopped_while_python_loads_ends_at_once(tab, site_url):
    """Python's download is held: Stop must not wait for it, and the Check
    says it was stopped. In CI a Stop that had to restart Python left the
    next Check waiting for the whole new load."""
    key = "coroutines/4"
    held = []
    tab.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    open_exercises(tab, f"{site_url}en/coroutines/")
    box(tab, key).locator(".ptc-check").click()
    assert box(tab, key).get_attribute("data-check") == "loading"
    box(tab, key).locator(".ptc-stop").click()
    tab.wait_for_function(
        '(key) => !document.querySelector(`.ptc-exercise[data-exercise="${key}"]'
        " .ptc-check`).disabled",
        arg=key,
        timeout=10_000,
    )
    status = box(tab, key).locator(".ptc-exercise-status")
    assert status.inner_text() == labels.label("en", "exercise.js.stopped")
    for route in held:
        route.continue_()


HEADING_AT = """(id) => {
  const heading = document.getElementById(id);
  const active = document.querySelector(
    '.md-sidebar--secondary .md-nav__link--active');
  const root = document.documentElement;
  return {
    top: Math.round(heading.getBoundingClientRect().top),
    margin: Math.round(parseFloat(getComputedStyle(heading).scrollMarginTop)),
    atBottom: scrollY + innerHeight >= root.scrollHeight - 2,
    active: active && active.getAttribute('href'),
  };
}"""


@LANGS
@pytest.mark.parametrize("width", [1280, 390], ids=["laptop", "phone"])
@pytest.mark.parametrize("page", exercises.PAGES)
def test_a_link_to_an_exercise_opens_the_page_at_it(
    chromium, site_url, lang, page, width
):
    """A teacher links to one exercise. The exercises' widgets are built
    after the browser has scrolled to it, and they change the height of
    what lies above: the heading must still be at the top of the screen,
    and the table of contents must mark it."""
    second = exercises.on_page(page)[1]  # exercises follow it: room to scroll
    context = chromium.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}{lang}{page}/#{second.anchor}", wait_until="networkidle")
        tab.wait_for_selector(".ptc-exercises[data-ready='yes']", timeout=20_000)
        where = tab.evaluate(HEADING_AT, second.anchor)
        for _ in range(50):  # until it is still for 200 ms
            tab.wait_for_timeout(200)
            now = tab.evaluate(HEADING_AT, second.anchor)
            if now == where:
                break
            where = now
        assert not where["atBottom"], f"{page}: too short to test"
        assert abs(where["top"] - where["margin"]) <= 2, (
            f"{lang}{page}/#{second.anchor}: the heading is {where['top']} px"
            f" from the top of the screen, not {where['margin']}"
        )
        if width >= 1220:  # the table of contents is beside the text
            assert where["active"] == f"#{second.anchor}"
    finally:
        context.close()


@LANGS
def test_progress_counts_done_exercises_and_resets_for_the_page(tab, site_url, lang):
    key = "comparison/1"
    exercise = exercises.load(exercises.EXERCISES / key)
    tab.goto(f"{site_url}{lang}comparison/", wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']", timeout=20_000)
    text = labels.group("exercise.js")[lang_of(lang)]
    total = len(exercises.on_page("comparison"))
    line = tab.locator(".ptc-exercises .ptc-progress-line")
    assert line.inner_text() == text["progress"].format(done=0, total=total)
    right = exercise.options.index(exercise.expected_output.rstrip("\n"))
    box(tab, key).locator(".ptc-option input").nth(right).check()
    box(tab, key).locator(".ptc-check").click()
    assert line.inner_text() == text["progress"].format(done=1, total=total)
    tab.reload(wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']")
    assert line.inner_text() == text["progress"].format(done=1, total=total)
    tab.locator(".ptc-reset-all").click()
    assert line.inner_text() == text["progress"].format(done=0, total=total)
    assert box(tab, key).locator(".ptc-solution").is_hidden()
    keys = tab.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('ptc-exercise:'))"
    )
    assert keys == []


@pytest.fixture(scope="module")
def lab_output(tmp_path_factory):
    """What threads/1's lab checker prints for its starter and its solution,
    from each language's lab folder, run as a reader runs it: (lang, file)
    to the output."""
    import shutil
    import subprocess
    import sys

    from ptc import lab

    root = tmp_path_factory.mktemp("lab")
    printed = {}
    for lang in ("zh", "en"):
        folder = lab.write_lab(root / lang, lang) / "threads" / "1"
        shutil.copy(exercises.EXERCISES / "threads" / "1" / "solution.py", folder)
        for name in ("starter.py", "solution.py"):
            printed[lang, name] = subprocess.run(
                [sys.executable, "check.py", name],
                cwd=folder,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=120,
            ).stdout
    return printed


def paste(page, key, text):
    """Paste `text` into exercise `key`'s box and read it; its results."""
    box(page, key).locator(".ptc-paste-input").fill(text)
    box(page, key).locator(".ptc-paste-read").click()
    items = box(page, key).locator(".ptc-check-results li")
    if box(page, key).locator(".ptc-check-results").is_hidden():
        return {}
    return {
        items.nth(i).get_attribute("data-check"): items.nth(i).get_attribute(
            "data-result"
        )
        for i in range(items.count())
    }


def status_of(page, key):
    status = box(page, key).locator(".ptc-exercise-status")
    return status.inner_text(), status.get_attribute("data-kind")


@LANGS
def test_a_pasted_failing_checker_run_shows_its_hints_and_opens_the_solution(
    tab, site_url, lang, lab_output
):
    key = "threads/1"
    language = lang_of(lang)
    exercise = exercises.load(exercises.EXERCISES / key)
    text = labels.group("exercise.js")[language]
    url = f"{site_url}{lang}threads/"
    open_exercises(tab, url)
    reveal = box(tab, key).locator(".ptc-reveal")
    assert reveal.is_disabled(), "the solution opens before any attempt"
    assert reveal.get_attribute("title") == text["reveal_locked_local"]
    results = paste(tab, key, lab_output[language, "starter.py"])
    assert results == {
        "ends": "passed",
        "no-leftovers": "passed",
        "prints-total": "failed",
        "no-lost-updates": "failed",
    }
    hints = box(tab, key).locator(".ptc-check-hint").all_inner_texts()
    own = exercise.texts[language].hints
    assert hints == [own[i].replace("`", "") for i in own]
    assert status_of(tab, key) == (
        text["some_failed"].format(failed=2, total=4),
        "wrong",
    )
    assert reveal.is_enabled(), "a pasted run is an attempt"
    tab.reload(wait_until="networkidle")
    tab.wait_for_selector(".ptc-exercises[data-ready='yes']")
    assert box(tab, key).locator(".ptc-reveal").is_enabled(), "the attempt was lost"
    stored = tab.evaluate(
        "(k) => localStorage.getItem(k)", f"ptc-exercise:{language}/{key}"
    )
    assert '"attempted":true' in stored
    box(tab, key).locator(".ptc-reveal").click()
    assert box(tab, key).locator(".ptc-solution").is_visible()
    assert not tab.foreign, tab.foreign
    assert not tab.errors, tab.errors


@LANGS
def test_a_bad_paste_says_why_and_keeps_the_text(tab, site_url, lang, lab_output):
    language = lang_of(lang)
    text = labels.group("exercise.js")[language]
    open_exercises(tab, f"{site_url}{lang}threads/")
    key = "threads/2"
    assert paste(tab, key, "  \n") == {}
    assert status_of(tab, key) == (text["paste_empty"], "wrong")
    garbage = "Traceback (most recent call last):\n  PASS  ends\nvisits: 1000\n"
    assert paste(tab, key, garbage) == {}
    assert status_of(tab, key) == (text["paste_none"], "wrong")
    assert box(tab, key).locator(".ptc-paste-input").input_value() == garbage
    # threads/1's run, pasted under threads/2.
    other = lab_output[language, "starter.py"]
    assert paste(tab, key, other) == {}
    said = text["paste_other"].format(got="threads/1", want=key)
    assert status_of(tab, key) == (said, "wrong")
    assert box(tab, key).locator(".ptc-paste-input").input_value() == other
    # Only its first line: no check in it.
    assert paste(tab, key, other.replace("threads/1", key).split("\n")[0]) == {}
    assert status_of(tab, key) == (text["paste_cut"], "wrong")
    assert box(tab, key).locator(".ptc-reveal").is_disabled()
    stored = tab.evaluate(
        "(k) => localStorage.getItem(k)", f"ptc-exercise:{language}/{key}"
    )
    assert stored is None, "a refused paste counted as an attempt"


@LANGS
def test_a_passing_run_of_the_other_languages_lab_shows_every_check_passed(
    tab, site_url, lang, lab_output
):
    key = "threads/1"
    language = lang_of(lang)
    other = "en" if language == "zh" else "zh"
    text = labels.group("exercise.js")[language]
    open_exercises(tab, f"{site_url}{lang}threads/")
    results = paste(tab, key, lab_output[other, "solution.py"])
    exercise = exercises.load(exercises.EXERCISES / key)
    ids = ["ends", "no-leftovers", *exercise.texts[language].hints]
    assert results == {i: "passed" for i in ids}
    assert box(tab, key).locator(".ptc-check-hint").count() == 0
    assert status_of(tab, key) == (text["all_passed"], "right")
    assert box(tab, key).get_attribute("data-done") == "yes"
    # Reset forgets the attempt, the paste and its results.
    box(tab, key).locator(".ptc-exercise-reset").click()
    assert box(tab, key).locator(".ptc-paste-input").input_value() == ""
    assert box(tab, key).locator(".ptc-check-results").is_hidden()
    assert box(tab, key).locator(".ptc-reveal").is_disabled()


# Chromium is the `tab` of the tests above: a second Playwright in the same
# worker would refuse to start, so the engine matrix here is the other two.
OTHER_ENGINES = pytest.mark.parametrize(
    "engine",
    [
        pytest.param(name, marks=pytest.mark.xdist_group(f"engine-{name}"))
        for name in ("firefox", "webkit")
    ],
    indirect=True,
)


def open_in_engine(engine, site_url, key):
    """The en coroutines page in `engine`, its exercises' script ready; the
    page, exercise `key`'s selector, and the JS for its checks' results."""
    page = engine_fresh(engine, f"{site_url}en/coroutines/")
    page.wait_for(
        "document.querySelector(\".ptc-exercises[data-ready='yes']\") !== null",
        30,
        "the exercises' script ran",
    )
    sel = f'.ptc-exercise[data-exercise="{key}"]'
    results = (
        f"[...document.querySelectorAll('{sel} .ptc-check-results li')]"
        ".map((li) => li.dataset.check + ':' + li.dataset.result).join(' ')"
    )
    return page, sel, results


@OTHER_ENGINES
def test_check_and_stop_work_in_firefox_and_webkit(engine, site_url):
    """Firefox and WebKit (no JSPI, and no SharedArrayBuffer on a plain host:
    Stop restarts Python there), as Chromium above: Check reports every
    check, a loop is stopped, and the solution then passes."""
    key = "coroutines/2"
    exercise = exercises.load(exercises.EXERCISES / key)
    page, sel, results = open_in_engine(engine, site_url, key)
    finished = (
        f"!document.querySelector('{sel} .ptc-check').disabled && "
        f"{results} !== '' && !{results}.includes('pending')"
    )
    ids = exercise.check_ids
    page.click(f"{sel} .ptc-check")
    page.wait_for(finished, ENGINE_LOAD, "the starter's checks finish")
    assert page.evaluate(results) == " ".join(f"{i}:failed" for i in ids)
    i = int(
        page.evaluate(
            f"document.querySelector('{sel} .ptc-run-code').dataset.ptcRunner"
        )
    )
    engine_type_code(
        page, "async def count_visits(n):\n    while True:\n        pass\n", i
    )
    page.click(f"{sel} .ptc-check")
    page.wait_for(
        f"!document.querySelector('{sel} .ptc-stop').disabled", 30, "Stop is offered"
    )
    time.sleep(1)
    page.click(f"{sel} .ptc-stop")
    stopped = labels.label("en", "exercise.js.stopped")
    page.wait_for(
        f"document.querySelector('{sel} .ptc-exercise-status').textContent"
        f" === {json.dumps(stopped)}",
        30,
        "the check is stopped",
    )
    engine_type_code(page, exercise.source("solution.py"), i)
    page.click(f"{sel} .ptc-check")
    page.wait_for(finished, ENGINE_LOAD, "the solution's checks finish")
    details = page.evaluate(
        f"[...document.querySelectorAll('{sel} .ptc-check-detail')]"
        ".map((p) => p.textContent).join(' | ')"
    )
    assert page.evaluate(results) == " ".join(f"{i}:passed" for i in ids), details
    page.close()


@pytest.mark.serial  # the checks time a blocked loop and a timeout
@OTHER_ENGINES
@pytest.mark.parametrize(
    "key", [e.key for e in exercises.exercises() if e.check_ids], ids=str
)
def test_every_solution_passes_its_checks_in_firefox_and_webkit(engine, site_url, key):
    exercise = exercises.load(exercises.EXERCISES / key)
    page, sel, results = open_in_engine(engine, site_url, key)
    i = int(
        page.evaluate(
            f"document.querySelector('{sel} .ptc-run-code').dataset.ptcRunner"
        )
    )
    engine_type_code(page, exercise.source("solution.py"), i)
    page.click(f"{sel} .ptc-check")
    page.wait_for(
        f"!document.querySelector('{sel} .ptc-check').disabled && "
        f"{results} !== '' && !{results}.includes('pending')",
        ENGINE_LOAD,
        "the solution's checks finish",
    )
    details = page.evaluate(
        f"[...document.querySelectorAll('{sel} .ptc-check-detail')]"
        ".map((p) => p.textContent).join(' | ')"
    )
    expected = " ".join(f"{c}:passed" for c in exercise.check_ids)
    assert page.evaluate(results) == expected, details
    page.close()
