"""The in-page runner, as a reader uses it in Chromium, in zh and en.

Drives Debian's Chromium (fixtures in conftest.py) against the built site on
127.0.0.1: Run streams, Stop ends an infinite loop and time.sleep(30), Run
works again, printed HTML stays text, a flood is capped, a traceback shows,
no other host is asked, and axe-core finds nothing serious on any page.
Code is typed into the page's own editor, as a reader would.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ptc import catalogue
from ptc.chromium import page_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGS = pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
PAGE = "coroutines/"  # the page with the coroutine examples
LOAD_TIMEOUT = 60_000  # ms: a cold Pyodide load on a slow, busy machine


def code_shown(page, i) -> str:
    """Block `i`'s code as the page shows it. Not innerText: that of a block
    off screen, not drawn yet (content-visibility, web/site.css), is empty."""
    return page.locator(f'.ptc-run-code[data-ptc-runner="{i}"] code').text_content()


def bar(page, i):
    return page.locator(f'.ptc-run-bar[data-ptc-runner="{i}"]')


def output(page, i):
    return page.locator(f'.ptc-run-output[data-ptc-runner="{i}"] pre')


def state(page, i) -> str:
    return bar(page, i).get_attribute("data-state")


def wait_state(page, i, states, timeout=LOAD_TIMEOUT):
    page.wait_for_function(
        "([i, states]) => states.includes(document.querySelector("
        '`.ptc-run-bar[data-ptc-runner="${i}"]`).dataset.state)',
        arg=[str(i), list(states)],
        timeout=timeout,
    )


def type_code(page, i, code):
    """Replace runner i's code in its editor, the way a reader would."""
    content = page.locator(f'.ptc-editor[data-ptc-runner="{i}"] .cm-content')
    if content.count() == 0:
        try:
            page.locator(f'.ptc-run-code[data-ptc-runner="{i}"]').click(timeout=3_000)
        except PlaywrightTimeoutError:
            pass  # the editor replaced the code meanwhile: it loads after a run
    content.wait_for(timeout=20_000)
    content.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def run(page, i):
    bar(page, i).locator(".ptc-run").click()


def stop(page, i):
    bar(page, i).locator(".ptc-stop").click()


def open_page(page, url):
    page.goto(url, wait_until="networkidle")
    # The Run buttons come from a module script; on a loaded machine it can
    # run after the network is idle.
    try:
        page.locator(".ptc-run-bar").first.wait_for(timeout=20_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"{url}: no Run buttons", pytrace=False)


def run_typed(page, url, code, until):
    """Open `url`, put `code` in its first runner, press Run, wait for a state."""
    open_page(page, url)
    type_code(page, 0, code)
    run(page, 0)
    wait_state(page, 0, until)


@pytest.mark.parametrize(
    "timed",
    [False, pytest.param(True, marks=pytest.mark.serial)],
    ids=["", "that-read-a-clock"],
)
@LANGS
def test_examples_stream_and_print_their_expected_output(tab, site_url, lang, timed):
    """Each runnable example prints its expected output; those that read a
    clock print something that depends on speed, so they run alone."""
    open_page(tab, f"{site_url}{lang}{PAGE}")
    before_run = list(tab.requests)
    assert not [u for u in before_run if "/vendor/pyodide/" in u or "editor.js" in u], (
        "the page fetched runner bytes before any Run"
    )
    examples = tab.locator(".ptc-example:has(.ptc-run-code)")
    assert examples.count() >= 5
    ran = 0
    for n in range(examples.count()):
        example = examples.nth(n)
        if (
            catalogue.example(example.get_attribute("data-example")).times_itself
            != timed
        ):
            continue
        ran += 1
        i = example.locator(".ptc-run-code").get_attribute("data-ptc-runner")
        expected = example.locator(".ptc-output pre").text_content()  # drawn or not
        run(tab, i)
        wait_state(tab, i, ["ok", "error", "stopped", "failed"])
        name = example.get_attribute("data-example")
        assert state(tab, i) == "ok", f"{name}: {output(tab, i).inner_text()}"
        assert output(tab, i).inner_text().strip() == expected.strip(), name
    assert ran >= 2, "too few examples ran"
    assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"
    assert tab.errors == []


@LANGS
def test_a_runner_in_a_content_tab_works_once_its_tab_is_chosen(tab, site_url, lang):
    """The 3.10 TaskGroup alternative sits in the second, hidden tab."""
    open_page(tab, f"{site_url}{lang}{PAGE}")
    tabs = tab.locator(".tabbed-set:has(.tabbed-block:nth-child(2) .ptc-run-code)")
    assert tabs.count() >= 1, "no runnable code in a second content tab"
    code = tabs.first.locator(".tabbed-block").nth(1).locator(".ptc-run-code").first
    assert not code.is_visible(), "the second tab is showing before it is chosen"
    tabs.first.locator(".tabbed-labels > label").nth(1).click()
    assert code.is_visible()
    i = code.get_attribute("data-ptc-runner")
    expected = [
        line.strip()[3:]
        for line in code.text_content().splitlines()  # drawn or not
        if line.strip().startswith("#> ")
    ]
    assert expected, "the snippet in the tab shows no #> output lines"
    run(tab, i)
    wait_state(tab, i, ["ok", "error", "stopped", "failed"])
    assert state(tab, i) == "ok", output(tab, i).inner_text()
    assert output(tab, i).inner_text().splitlines() == expected
    # Its editor, laid out while hidden, takes typing once shown.
    type_code(tab, i, "print('in a tab')\n")
    run(tab, i)
    wait_state(tab, i, ["ok", "error"])
    assert output(tab, i).inner_text() == "in a tab\n"
    assert tab.foreign == [] and tab.errors == []


@LANGS
def test_first_line_arrives_before_the_last_is_printed(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    type_code(
        tab,
        0,
        "import asyncio\n\n\nasync def main():\n    print('first')\n"
        "    await asyncio.sleep(1.5)\n    print('last')\n\n\nasyncio.run(main())\n",
    )
    run(tab, 0)
    tab.wait_for_function(
        "pre => pre.textContent.includes('first')",
        arg=output(tab, 0).element_handle(),
        timeout=LOAD_TIMEOUT,
    )
    assert "last" not in output(tab, 0).inner_text(), "output was not streamed"
    wait_state(tab, 0, ["ok"], timeout=10_000)
    assert output(tab, 0).inner_text() == "first\nlast\n"


@pytest.mark.serial  # Stop is timed
@pytest.mark.parametrize("isolated", [False, True], ids=["plain-host", "coop-coep"])
@pytest.mark.parametrize(
    "code",
    ["while True:\n    pass\n", "import time\n\nprint('sleeping')\ntime.sleep(30)\n"],
    ids=["infinite-loop", "time-sleep-30"],
)
@LANGS
def test_stop_ends_busy_code_and_run_works_again(
    tab, site_url, site_url_isolated, lang, code, isolated
):
    open_page(tab, f"{site_url_isolated if isolated else site_url}{lang}{PAGE}")
    assert tab.evaluate("crossOriginIsolated") is isolated
    type_code(tab, 0, code)
    run(tab, 0)
    wait_state(tab, 0, ["running"])
    time.sleep(0.5)
    started = time.monotonic()
    stop(tab, 0)
    wait_state(tab, 0, ["stopped"], timeout=5_000)
    assert time.monotonic() - started < 2.0, "Stop took 2 s or more"
    # The page stayed responsive, and Run works again.
    type_code(tab, 0, "print('again')\n")
    run(tab, 0)
    wait_state(tab, 0, ["ok", "error"])
    assert output(tab, 0).inner_text() == "again\n"


@LANGS
def test_stop_cancels_tasks_and_their_cleanup_runs(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    type_code(
        tab,
        0,
        "import asyncio\n\n\nasync def tick():\n    try:\n"
        "        print('started')\n"
        "        await asyncio.sleep(60)\n    finally:\n"
        "        print('cleanup ran')\n\n\nasyncio.run(tick())\n",
    )
    run(tab, 0)
    wait_state(tab, 0, ["running"])
    # Stop once the task is inside its try: earlier, there is no cleanup to run.
    output(tab, 0).filter(has_text="started").wait_for()
    stop(tab, 0)
    wait_state(tab, 0, ["stopped"], timeout=5_000)
    assert output(tab, 0).inner_text() == "started\ncleanup ran\n"


@LANGS
def test_printed_html_is_shown_as_text(tab, site_url, lang):
    run_typed(
        tab,
        f"{site_url}{lang}{PAGE}",
        'print("<img src=x onerror=alert(1)>")\nprint("<b>bold</b>")\n',
        ["ok"],
    )
    assert output(tab, 0).inner_text() == "<img src=x onerror=alert(1)>\n<b>bold</b>\n"
    assert output(tab, 0).locator("img, b").count() == 0
    assert tab.dialogs == []


@pytest.mark.serial  # frames are timed
@LANGS
def test_a_flood_is_capped_and_the_page_stays_responsive(tab, site_url, lang):
    run_typed(
        tab,
        f"{site_url}{lang}{PAGE}",
        "for i in range(200_000):\n    print(i)\n",
        ["running"],
    )
    slowest = 0.0
    while state(tab, 0) == "running":
        t0 = time.monotonic()
        tab.evaluate("() => new Promise(requestAnimationFrame)")
        slowest = max(slowest, time.monotonic() - t0)
        time.sleep(0.05)
    assert state(tab, 0) == "ok"
    assert slowest < 0.5, f"the page froze for {slowest:.2f} s"
    shown = output(tab, 0).inner_text().splitlines()
    assert shown[:3] == ["0", "1", "2"] and 1000 <= len(shown) <= 10_000
    notice = tab.locator('.ptc-run-output[data-ptc-runner="0"] .ptc-dropped')
    assert notice.count() == 1
    assert str(200_000 - len(shown)) in notice.inner_text()


@LANGS
def test_an_exception_shows_its_traceback_with_editor_lines(tab, site_url, lang):
    run_typed(
        tab,
        f"{site_url}{lang}{PAGE}",
        "def f():\n    return 1 / 0\n\n\nf()\n",
        ["error"],
    )
    text = output(tab, 0).inner_text()
    assert text.startswith("Traceback (most recent call last):")
    assert ", line 5, in <module>" in text and ", line 2, in f" in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("", "没有线程"), ("en/", "has no threads")],
    ids=["zh", "en"],
)
def test_threads_get_a_message_in_the_page_language(tab, site_url, lang, words):
    run_typed(
        tab,
        f"{site_url}{lang}{PAGE}",
        "import threading\n\nthreading.Thread(target=print).start()\n",
        ["error"],
    )
    note = tab.locator('.ptc-run-output[data-ptc-runner="0"] .ptc-cannot')
    assert words in note.inner_text()
    link = note.locator("a[download]")
    assert link.count() == 1 and link.get_attribute("href").endswith(".py")


@LANGS
def test_controls_are_labelled_and_output_is_polite(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    b = bar(tab, 0)
    assert b.get_attribute("role") == "toolbar" and b.get_attribute("aria-label")
    for name in (".ptc-run", ".ptc-stop", ".ptc-reset"):
        assert b.locator(name).inner_text().strip()
    pre = output(tab, 0)
    assert pre.get_attribute("aria-live") == "polite"
    # Keyboard only: Tab to Run, press Enter.
    b.locator(".ptc-run").focus()
    tab.keyboard.press("Enter")
    wait_state(tab, 0, ["ok"])
    assert pre.inner_text().strip()


AXE_RUN = """async (context) => (await axe.run(context ?? document,
                                               {resultTypes: ['violations']}))
  .violations.filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' '))}))"""
RUNNER_UI = [[".ptc-run-bar"], [".ptc-run-output"], [".ptc-editor"]]


def axe_after_a_run(page, url, context):
    # "load", not "networkidle": the page's scripts have all run by then
    # (the Run bars, site.js's tabindex on wide code).
    page.goto(url, wait_until="load")
    if page.locator(".ptc-run-bar").count():
        run(page, 0)  # check the output panel and the editor too
        wait_state(page, 0, ["ok", "error"])
        page.locator('.ptc-editor[data-ptc-runner="0"] .cm-content').wait_for()
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, context)


@LANGS
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_runner(chromium, site_url, lang, scheme):
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        found = axe_after_a_run(page, f"{site_url}{lang}{PAGE}", {"include": RUNNER_UI})
    finally:
        context.close()
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("path", page_paths())
def test_axe_finds_nothing_serious(tab, site_url, lang, path):
    found = axe_after_a_run(tab, f"{site_url}{lang}{path}", None)
    found = [dict(v, nodes=v["nodes"][:5]) for v in found]
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)
    assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "embed/coroutines/gather/",
        "en/embed/threads/gil_cpu_bound/",
        "threads/",  # static code, in both palettes
        "en/process-pools/",
    ],
)
def test_axe_finds_nothing_serious_on_embeds_and_code_pages(
    chromium, site_url, path, scheme
):
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        found = axe_after_a_run(page, f"{site_url}{path}", None)
    finally:
        context.close()
    found = [dict(v, nodes=v["nodes"][:5]) for v in found]
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.serial  # Stop has 150 ms to interrupt before it restarts Python
def test_after_a_run_later_pages_are_isolated_and_stop_interrupts(tab, site_url):
    """coi-serviceworker (registered after the first Run) isolates later pages,
    so Stop interrupts a busy loop instead of restarting Python."""
    open_page(tab, f"{site_url}en/{PAGE}")
    assert tab.evaluate("crossOriginIsolated") is False
    run(tab, 0)
    wait_state(tab, 0, ["ok"])
    tab.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10_000)
    open_page(tab, f"{site_url}{PAGE}")
    assert tab.evaluate("crossOriginIsolated") is True
    type_code(tab, 0, "while True:\n    pass\n")
    run(tab, 0)
    wait_state(tab, 0, ["running"])
    time.sleep(0.3)
    stop(tab, 0)
    wait_state(tab, 0, ["stopped"], timeout=2_000)
    assert "重新启动" not in bar(tab, 0).locator(".ptc-status").inner_text()
    assert tab.foreign == []


@LANGS
def test_loading_shows_progress(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    run(tab, 0)
    progress = bar(tab, 0).locator("progress")
    progress.wait_for(state="visible", timeout=LOAD_TIMEOUT)
    tab.wait_for_function(
        "p => p.value > 0", arg=progress.element_handle(), timeout=30_000
    )
    assert bar(tab, 0).locator(".ptc-status").inner_text().endswith("%")
    wait_state(tab, 0, ["ok"])
    assert progress.is_hidden()


@LANGS
def test_a_long_run_says_it_is_still_running_and_offers_stop(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    type_code(
        tab, 0, "import asyncio\n\nprint('waiting')\nasyncio.run(asyncio.sleep(60))\n"
    )
    run(tab, 0)
    wait_state(tab, 0, ["running"])
    tab.wait_for_function(
        "() => document.querySelector('.ptc-run-bar[data-ptc-runner=\"0\"]')"
        ".classList.contains('ptc-long-run')",
        timeout=15_000,
    )
    assert bar(tab, 0).locator(".ptc-timer").inner_text().endswith(" s")
    assert bar(tab, 0).locator(".ptc-stop").is_enabled()
    stop(tab, 0)
    wait_state(tab, 0, ["stopped"], timeout=5_000)


@LANGS
def test_stop_while_python_loads_cancels_the_run_at_once(tab, site_url, lang):
    """On a slow network Python takes half a minute to load: Stop must not
    wait for it. Python's download is held here until the run has stopped."""
    held = []
    tab.context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    open_page(tab, f"{site_url}{lang}{PAGE}")
    run(tab, 0)
    wait_state(tab, 0, ["loading"], timeout=5_000)
    stop(tab, 0)
    wait_state(tab, 0, ["stopped"], timeout=10_000)
    assert output(tab, 0).inner_text() == ""
    assert bar(tab, 0).locator(".ptc-run").is_enabled()
    # The load went on meanwhile; once Python is there, Run works.
    for _ in range(300):  # the held request reaches the handler within 30 s
        if held:
            break
        tab.wait_for_timeout(100)
    assert held, "Python's download was never asked for"
    for route in held:
        route.continue_()
    run(tab, 0)
    wait_state(tab, 0, ["ok"])
    assert output(tab, 0).inner_text() != ""


@LANGS
def test_editor_keys_and_reset(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    original = code_shown(tab, 0)
    type_code(tab, 0, "for i in range(2):")
    tab.keyboard.press("Enter")  # the editor indents the loop body
    tab.keyboard.insert_text("print(i)")
    tab.keyboard.press("ControlOrMeta+Enter")
    wait_state(tab, 0, ["ok", "error"])
    code = tab.locator('.ptc-editor[data-ptc-runner="0"] .cm-content')
    assert output(tab, 0).inner_text() == "0\n1\n", editor_text(code)
    reset = bar(tab, 0).locator(".ptc-reset")
    assert reset.is_enabled()
    reset.click()
    editor = tab.locator('.ptc-editor[data-ptc-runner="0"] .cm-content')
    assert editor_text(editor) == original.rstrip("\n")
    assert reset.is_disabled()
    assert tab.locator('.ptc-run-output[data-ptc-runner="0"]').is_hidden()


def editor_text(content) -> str:
    return content.evaluate(
        "e => [...e.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')"
    )


def test_one_huge_line_is_cut(tab, site_url):
    run_typed(
        tab, f"{site_url}en/{PAGE}", "print('x' * 5_000_000)\nprint('after')\n", ["ok"]
    )
    shown = output(tab, 0).inner_text()
    assert 1000 <= len(shown) <= 1_000_000
    assert tab.locator('.ptc-run-output[data-ptc-runner="0"] .ptc-dropped').count() == 1


def test_print_hides_buttons_and_shows_code(tab, site_url):
    open_page(tab, f"{site_url}{PAGE}")
    run(tab, 0)
    wait_state(tab, 0, ["ok"])
    tab.locator('.ptc-editor[data-ptc-runner="0"]').wait_for()
    tab.emulate_media(media="print")
    assert bar(tab, 0).is_hidden()
    assert tab.locator('.ptc-editor[data-ptc-runner="0"]').is_hidden()
    code = tab.locator('.ptc-run-code[data-ptc-runner="0"]')
    assert code.is_visible() and "asyncio" in code.inner_text()
    assert output(tab, 0).is_visible()


def editor(tab, i):
    return tab.locator(f'.ptc-editor[data-ptc-runner="{i}"] .cm-content')


@LANGS
def test_edits_survive_a_reload_and_reset_forgets_them(tab, site_url, lang):
    url = f"{site_url}{lang}{PAGE}"
    open_page(tab, url)
    original = code_shown(tab, 0)
    type_code(tab, 0, "print('my own version')")
    tab.reload(wait_until="networkidle")
    editor(tab, 0).wait_for(timeout=20_000)
    tab.wait_for_function(
        "() => document.querySelector('.ptc-editor[data-ptc-runner=\"0\"]')"
        ".textContent.includes('my own version')"
    )
    assert bar(tab, 0).get_attribute("data-edited") == "yes"
    assert bar(tab, 0).locator(".ptc-reset").is_enabled()
    assert bar(tab, 0).locator(".ptc-status").inner_text().strip()  # says so
    bar(tab, 0).locator(".ptc-reset").click()
    tab.reload(wait_until="networkidle")
    tab.wait_for_timeout(500)  # time for a wrongly restored edit to appear
    assert editor(tab, 0).count() == 0, "Reset did not forget the edit"
    shown = code_shown(tab, 0)
    assert shown == original


def test_an_examples_edit_is_kept_per_language(tab, site_url):
    """An example's zh and en code differ in their comments: an edit made on
    the zh page comes back there, and the en page keeps showing its own code
    (web/run_buttons.js keys an example's edit by language)."""
    zh, en = f"{site_url}{PAGE}", f"{site_url}en/{PAGE}"
    open_page(tab, zh)
    first = tab.locator(".ptc-example .ptc-run-code").first
    i = first.get_attribute("data-ptc-runner")
    type_code(tab, i, "print('edited on the zh page')")
    open_page(tab, en)
    original = code_shown(tab, i)
    tab.wait_for_timeout(500)  # time for a wrongly restored edit to appear
    assert editor(tab, i).count() == 0, "the zh edit showed up on the en page"
    assert bar(tab, i).get_attribute("data-edited") != "yes"
    assert "edited on the zh page" not in original
    open_page(tab, zh)
    tab.wait_for_function(
        f"() => document.querySelector('.ptc-editor[data-ptc-runner=\"{i}\"]')"
        "?.textContent.includes('edited on the zh page')"
    )


def test_copy_and_download_give_the_edited_code(chromium, site_url):
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    open_page(tab, f"{site_url}{PAGE}")
    type_code(tab, 0, "print('edited 编辑过 ✓')")
    bar(tab, 0).locator(".ptc-copy").click()
    tab.wait_for_function("() => navigator.clipboard.readText()")
    assert tab.evaluate("navigator.clipboard.readText()") == "print('edited 编辑过 ✓')"
    with tab.expect_download() as got:
        bar(tab, 0).locator(".ptc-save").click()
    download = got.value
    name = tab.locator('.ptc-run-code[data-ptc-runner="0"]').get_attribute(
        "data-run-file"
    )
    assert download.suggested_filename == name
    assert Path(download.path()).read_text("utf-8") == "print('edited 编辑过 ✓')\n"
    context.close()


@LANGS
def test_a_run_says_whether_it_printed_the_expected_output(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    run(tab, 0)  # the first example, as it is
    wait_state(tab, 0, ["ok"])
    note = tab.locator('.ptc-run-output[data-ptc-runner="0"] .ptc-run-note')
    assert note.locator(".ptc-matches").count() == 1, note.inner_text()
    type_code(tab, 0, "print('something else')\n")
    run(tab, 0)
    wait_state(tab, 0, ["ok"])
    assert note.locator(".ptc-differs").count() == 1, note.inner_text()


def test_on_a_phone_the_expected_output_folds_after_a_run(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    open_page(tab, f"{site_url}{PAGE}")
    example = tab.locator(".ptc-example:has(.ptc-run-code)").first
    expected = example.locator(".ptc-output pre")
    assert expected.is_visible()
    run(tab, 0)
    wait_state(tab, 0, ["ok"], timeout=LOAD_TIMEOUT)
    assert example.locator("details.ptc-expected").count() == 1
    assert expected.is_hidden()
    example.locator("details.ptc-expected summary").click()
    assert expected.is_visible()
    context.close()


SHARED = "print('分享 🐍')\n\tif True:\n\t\tprint('tab\\there')\n"


def share_link(tab, i) -> str:
    # Headless Chromium has one clipboard for all its contexts: an earlier
    # test's link must not pass for this one.
    tab.evaluate("navigator.clipboard.writeText('')")
    bar(tab, i).locator(".ptc-share").click()
    tab.wait_for_function(
        "() => navigator.clipboard.readText().then(t => t.includes('#share='))"
    )
    return tab.evaluate("navigator.clipboard.readText()")


@pytest.fixture
def clipboard_tab(chromium):
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@LANGS
def test_a_share_link_carries_the_code_and_never_runs_it(clipboard_tab, site_url, lang):
    tab = clipboard_tab
    open_page(tab, f"{site_url}{lang}{PAGE}")
    original = code_shown(tab, 0)
    type_code(tab, 0, SHARED)
    link = share_link(tab, 0)
    assert "#share=ex-" in link
    assert bar(tab, 0).locator(".ptc-status").inner_text().strip()
    tab.evaluate("localStorage.clear()")  # the link alone must carry the code

    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto("about:blank")
    tab.goto(link, wait_until="networkidle")
    editor(tab, 0).wait_for(timeout=20_000)
    shown = editor_text(editor(tab, 0))
    assert shown == SHARED
    assert bar(tab, 0).get_attribute("data-edited") == "yes"
    assert bar(tab, 0).get_attribute("data-share") == "opened"
    assert tab.locator('.ptc-run-output[data-ptc-runner="0"]').is_hidden()
    # Python never started: neither the runner's worker nor Pyodide loaded.
    assert not [u for u in requests if "/assets/worker.js" in u or "pyodide" in u]
    stored = tab.evaluate("Object.keys(localStorage)")
    assert not [key for key in stored if key.startswith("ptc-edits:")], stored
    bar(tab, 0).locator(".ptc-reset").click()
    assert editor_text(editor(tab, 0)) == original.rstrip("\n")
    assert "#share=" not in tab.url
    assert not tab.errors


@pytest.mark.parametrize(
    ("fragment", "kind"),
    [
        ("#share=ex-coroutines-event-loop-turns&code=1!!not-base64!!", "corrupt"),
        ("#share=ex-coroutines-event-loop-turns&code=1AAAA", "corrupt"),
        ("#share=ex-coroutines-event-loop-turns&code=9abc", "corrupt"),
        ("#share=ex-coroutines-event-loop-turns&code=0" + "A" * 9000, "too_long"),
    ],
    ids=["not-base64", "not-deflate", "unknown-version", "oversized"],
)
def test_a_bad_share_link_says_so_and_shows_the_original(tab, site_url, fragment, kind):
    open_page(tab, f"{site_url}en/{PAGE}")
    original = code_shown(tab, 0)
    tab.goto("about:blank")  # a new document, not a jump within this one
    tab.goto(f"{site_url}en/{PAGE}{fragment}", wait_until="networkidle")
    tab.wait_for_function(
        "() => document.querySelector('.ptc-run-bar[data-ptc-runner=\"0\"]')"
        "?.dataset.share"
    )
    assert bar(tab, 0).get_attribute("data-share") == kind
    status = bar(tab, 0).locator(".ptc-status").inner_text()
    assert ("damaged" if kind == "corrupt" else "too long") in status
    assert code_shown(tab, 0) == original
    assert not tab.errors


def test_a_share_link_to_a_block_that_is_gone_says_so(tab, site_url):
    tab.goto(
        f"{site_url}{PAGE}#share=ex-coroutines-renamed&code=0cHJpbnQoMSk",
        wait_until="networkidle",
    )
    notice = tab.locator(".ptc-share-missing")
    assert "ex-coroutines-renamed" in notice.inner_text()
    assert notice.get_attribute("role") == "alert"
    assert tab.locator(".ptc-run-bar[data-share]").count() == 0
    assert not tab.errors


def test_code_too_long_for_a_link_is_refused_with_a_reason(clipboard_tab, site_url):
    tab = clipboard_tab
    open_page(tab, f"{site_url}{PAGE}")
    noise = "".join(f"x{n} = {n * 7919 % 104729}\n" for n in range(3000))
    type_code(tab, 0, noise)
    tab.evaluate("navigator.clipboard.writeText('before')")
    bar(tab, 0).locator(".ptc-share").click()
    tab.wait_for_function(
        '() => document.querySelector(\'.ptc-run-bar[data-ptc-runner="0"] '
        ".ptc-status').textContent.includes('下载代码')"
    )
    assert tab.evaluate("navigator.clipboard.readText()") == "before"


def test_a_snippet_is_shared_by_its_section(clipboard_tab, site_url):
    tab = clipboard_tab
    open_page(tab, f"{site_url}{PAGE}")
    snippet = tab.locator(".ptc-run-code:not(.ptc-example .ptc-run-code)").first
    i = snippet.get_attribute("data-ptc-runner")
    type_code(tab, i, "print('snippet')")
    link = share_link(tab, i)
    assert "#share=code-" in link
    tab.goto("about:blank")
    tab.goto(link.replace(f"{PAGE}", f"en/{PAGE}"), wait_until="networkidle")
    editor(tab, i).wait_for(timeout=20_000)
    assert bar(tab, i).get_attribute("data-share") == "opened"


def iframe_height(page) -> float:
    return page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")


@pytest.mark.serial  # Stop is timed
@LANGS
def test_an_embedded_example_runs_and_stops_on_another_origin(
    chromium, site_url, tmp_path, lang
):
    """The iframe code from the Embed button, pasted into a page on another
    port (another origin), as course material would hold it."""
    from ptc import site

    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    foreign = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if "127.0.0.1" not in r.url else None,
    )
    try:
        open_page(page, f"{site_url}{lang}{PAGE}")
        page.locator(".ptc-example .ptc-embed-copy").first.click()
        page.wait_for_function(
            "() => navigator.clipboard.readText().then(t => t.includes('<iframe'))"
        )
        code = page.evaluate("navigator.clipboard.readText()")
        embed_path = f"/{lang}embed/coroutines/event_loop_turns/"
        assert f'src="{site_url.rstrip("/")}{embed_path}"' in code
        (tmp_path / "course.html").write_text(
            f"<!doctype html><meta charset=utf-8><h1>Week 3</h1>\n{code}\n",
            encoding="utf-8",
        )
        with site.serve(tmp_path) as host:
            assert host.split(":")[2] != site_url.split(":")[2]  # another origin
            page.goto(f"{host}course.html", wait_until="networkidle")
            # The embed page has run once it has resized its (lazy) frame.
            page.wait_for_function(
                "() => document.querySelector('iframe').style.height !== '640px'"
            )
            frame = page.frame(url=lambda url: embed_path in url)
            assert frame is not None
            before = iframe_height(page)
            run(frame, 0)
            wait_state(frame, 0, ["ok"])
            assert "A" in output(frame, 0).inner_text()
            page.wait_for_function(
                "h => document.querySelector('iframe')"
                ".getBoundingClientRect().height > h",
                arg=before,
            )
            # Stop, inside the iframe, of code that never yields.
            # The editor replaced the code after the run (see done()).
            content = frame.locator(".ptc-editor .cm-content")
            content.wait_for(timeout=20_000)
            content.click()
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.press("Delete")
            page.keyboard.insert_text("while True:\n    pass")
            run(frame, 0)
            wait_state(frame, 0, ["running"])
            stop(frame, 0)
            wait_state(frame, 0, ["stopped"], timeout=20_000)
            content.evaluate("e => e.focus()")
            page.keyboard.press("ControlOrMeta+a")
            page.keyboard.press("Delete")
            page.keyboard.insert_text("print('again')")
            run(frame, 0)
            wait_state(frame, 0, ["ok"])
            assert output(frame, 0).inner_text().strip() == "again"
            link = frame.locator(".ptc-embed-source a")
            assert link.get_attribute("target") == "_blank"
            assert link.get_attribute("href").endswith(
                f"{lang}coroutines/#ex-coroutines-event-loop-turns"
            )
        assert not foreign
    finally:
        context.close()


@LANGS
def test_printing_keeps_the_edited_code_and_the_last_output(tab, site_url, lang):
    open_page(tab, f"{site_url}{lang}{PAGE}")
    lines = "".join(f"print('edited line {n}')\n" for n in range(60))
    type_code(tab, 0, lines)  # longer than the editor draws at once
    run(tab, 0)
    wait_state(tab, 0, ["ok"])
    tab.emulate_media(media="print")
    try:
        printed = tab.locator('.ptc-print-code[data-ptc-runner="0"]')
        assert printed.is_visible()
        assert printed.locator("pre").inner_text().rstrip("\n") == lines.rstrip("\n")
        assert tab.locator('.ptc-run-code[data-ptc-runner="0"]').is_hidden()
        assert "edited line 59" in output(tab, 0).inner_text()
        assert output(tab, 0).is_visible()
        # An example left as it was prints as it was.
        assert tab.locator('.ptc-run-code[data-ptc-runner="1"]').is_visible()
        assert tab.locator('.ptc-print-code[data-ptc-runner="1"]').count() == 0
    finally:
        tab.emulate_media(media="screen")
    bar(tab, 0).locator(".ptc-reset").click()
    assert tab.locator('.ptc-print-code[data-ptc-runner="0"]').count() == 0
