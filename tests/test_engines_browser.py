"""The in-page runner in every engine: Chromium, Firefox and WebKit.

The same behaviour tests, once for each engine (fixture `engine`, drivers in
ptc.engines), against the built site on 127.0.0.1: Run streams its output;
Stop ends `while True: pass` and `time.sleep(30)`, and Run works again;
`time.sleep` blocks the event loop; a traceback carries the editor's line
numbers; printed HTML stays text; a 300,000-line flood is capped while the
page keeps drawing frames; threads and `input()` get their message; and no
request leaves the site.

The engines differ, and the runner has a fallback for each difference:
- no JSPI (WebKit): Pyodide cannot suspend, and the examples still run, with
  `time.sleep` blocking as in CPython;
- no SharedArrayBuffer (any engine on a plain host such as GitHub Pages, and
  WebKitGTK even when the page is cross-origin isolated): Stop cannot
  interrupt Python, so it ends the worker and says Python was restarted.
The first page each engine opens stays open for the tests that only type
and run, so Pyodide loads once for them; tests that need a fresh page or
another host open their own.
"""

from __future__ import annotations

import json
import time

import pytest

from ptc import DOCS, browser_limits, labels

pytestmark = pytest.mark.browser

PAGE = "coroutines/"
LOAD = 120  # s: a cold Pyodide load in a busy WebKit (8-9 s when idle)
FINISHED = ["ok", "error", "stopped", "failed"]

# What each engine has, as measured (FACTS.md), and so which fallback it takes.
HAS_JSPI = {"chromium": True, "firefox": True, "webkit": False}
# Firefox logs this when Stop ends a worker busy in Python; the page's own
# scripts see no error or rejection event for it (measured).
FIREFOX_WORKER_ENDED = "uncaught exception: undefined"
# SharedArrayBuffer once the page is cross-origin isolated (COOP/COEP).
ISOLATED_HAS_SAB = {"chromium": True, "firefox": True, "webkit": False}


def q(i, what="bar"):
    """The JS expression for runner i's bar, output <pre>, editor or note."""
    selector = {
        "bar": f'.ptc-run-bar[data-ptc-runner="{i}"]',
        "pre": f'.ptc-run-output[data-ptc-runner="{i}"] pre',
        "note": f'.ptc-run-output[data-ptc-runner="{i}"] .ptc-run-note',
        "editor": f'.ptc-editor[data-ptc-runner="{i}"] .cm-content',
        "code": f'.ptc-run-code[data-ptc-runner="{i}"]',
    }[what]
    return f"document.querySelector({json.dumps(selector)})"


def state(page, i=0) -> str:
    return page.evaluate(f"{q(i)}.dataset.state")


def status(page, i=0) -> str:
    return page.evaluate(f"{q(i)}.querySelector('.ptc-status').textContent")


def output(page, i=0) -> str:
    return page.evaluate(f"{q(i, 'pre')}?.textContent ?? ''")


def wait_state(page, states, timeout=LOAD, i=0):
    page.wait_for(
        f"{json.dumps(list(states))}.includes({q(i)}.dataset.state)",
        timeout,
        f"runner {i} in {states}; it is {state(page, i)!r}: {status(page, i)!r}",
    )


def editor_text(page, i=0) -> str:
    return page.evaluate(
        f"[...{q(i, 'editor')}.querySelectorAll('.cm-line')]"
        ".map(l => l.textContent).join('\\n')"
    )


def type_code(page, code, i=0):
    """Replace runner i's code as a reader would: click into the code, select
    all, type the new code in."""
    if not page.evaluate(f"!!{q(i, 'editor')}"):
        block = f'.ptc-run-code[data-ptc-runner="{i}"] code'
        # On screen first, as for a reader: off screen the block is not drawn
        # (content-visibility), and WebKit's driver will not click it.
        page.evaluate(
            f"document.querySelector({json.dumps(block)})"
            ".scrollIntoView({block: 'center'})"
        )
        page.wait_for(
            f"document.querySelector({json.dumps(block)}).getClientRects().length > 0",
            5,
            "the code is on screen",
        )
        try:
            page.click(block)
        except Exception:
            pass  # the editor replaced the code meanwhile: it loads after a run
    page.wait_for(f"!!{q(i, 'editor')}", 20, "the editor loads")
    # A click on the editor after a Stop can leave the focus on <body>
    # (Firefox, FACTS.md); focus() does not.
    page.evaluate(f"{q(i, 'editor')}.focus()")
    page.press("Control+a")
    # Text input as an input method gives it (what puppeteer's sendCharacter
    # does); a synthetic paste carries no text in Firefox.
    page.evaluate(f"document.execCommand('insertText', false, {json.dumps(code)})")
    want = code.rstrip("\n") if code.endswith("\n\n") else code
    page.wait_for(
        f"[...{q(i, 'editor')}.querySelectorAll('.cm-line')]"
        f".map(l => l.textContent).join('\\n') === {json.dumps(want)}",
        5,
        "the pasted code is in the editor",
    )


def run(page, i=0):
    page.click(f'.ptc-run-bar[data-ptc-runner="{i}"] .ptc-run')


def stop(page, i=0):
    page.click(f'.ptc-run-bar[data-ptc-runner="{i}"] .ptc-stop')


def run_typed(page, code, until, timeout=LOAD):
    type_code(page, code)
    run(page)
    wait_state(page, until, timeout)


class Tabs:
    """One open coroutines page per language and host, opened when first
    asked for and kept for the session (it never navigates again, so the
    service worker a Run registers never isolates it)."""

    def __init__(self, engine, site_url):
        self.engine, self.site_url, self.open = engine, site_url, {}

    def get(self, lang="en/"):
        page = self.open.get(lang)
        if page is None:
            page = self.open[lang] = self.engine.new_page()
            page.goto(f"{self.site_url}{lang}{PAGE}")
        page.front()  # the tests open other tabs too
        if state(page) in ("loading", "running"):  # a test failed mid-run
            stop(page)
            wait_state(page, FINISHED, 10)
        return page

    def close(self):
        for page in self.open.values():
            page.close()


@pytest.fixture(scope="session")
def tabs(engine, site_url):
    kept = Tabs(engine, site_url)
    yield kept
    kept.close()


@pytest.fixture
def reader(tabs):
    """The kept en page of this engine."""
    page = tabs.get("en/")
    before = len(page.errors())
    page.tolerated = ()
    yield page
    new = [e for e in page.errors()[before:] if e not in page.tolerated]
    assert new == [], f"{page.engine}: page errors"


def fresh(engine, url):
    page = engine.new_page()
    page.goto(url)
    return page


def test_an_example_runs_and_prints_its_expected_output(reader, engine):
    page = reader
    if not page.evaluate(f"{q(0)}.querySelector('.ptc-reset').disabled"):
        page.click('.ptc-run-bar[data-ptc-runner="0"] .ptc-reset')  # as written
    run(page)
    wait_state(page, FINISHED)
    assert state(page) == "ok", output(page)
    expected = page.evaluate(
        f"{q(0, 'code')}.closest('.ptc-example').querySelector('.ptc-output pre')"
        ".textContent"
    )
    assert output(page).strip() == expected.strip()
    assert page.evaluate(f"!!{q(0, 'note')}.querySelector('.ptc-matches')")
    assert (
        page.evaluate("typeof WebAssembly.Suspending === 'function'")
        is (HAS_JSPI[engine.name])
    ), "the engine's JSPI is not what this test file says"


def test_output_streams_while_the_code_runs(reader):
    page = reader
    type_code(
        page,
        "import asyncio\n\n\nasync def main():\n    print('first')\n"
        "    await asyncio.sleep(2)\n    print('last')\n\n\nasyncio.run(main())\n",
    )
    run(page)
    page.wait_for(
        f"{q(0, 'pre')}?.textContent.includes('first')", LOAD, "'first' shows"
    )
    assert "last" not in output(page), "the output was not streamed"
    wait_state(page, ["ok"], 20)
    assert output(page) == "first\nlast\n"


def test_time_sleep_blocks_the_event_loop(reader):
    """As in CPython: while one task sleeps with time.sleep, no other task
    runs. (With JSPI Pyodide's own time.sleep would let them run.)"""
    page = reader
    run_typed(
        page,
        "import asyncio\nimport time\n\n\nasync def tick():\n"
        "    for n in range(3):\n        print('tick', n)\n"
        "        await asyncio.sleep(0.1)\n\n\nasync def main():\n"
        "    task = asyncio.create_task(tick())\n    await asyncio.sleep(0)\n"
        "    t0 = time.monotonic()\n    time.sleep(1)\n"
        "    print('slept', time.monotonic() - t0 >= 1)\n    await task\n\n\n"
        "asyncio.run(main())\n",
        ["ok", "error"],
    )
    assert output(page) == "tick 0\nslept True\ntick 1\ntick 2\n"


def test_the_live_lanes_draw_each_task_and_tie_its_lines(reader):
    """web/timeline.js in this engine: a lane per task (main first), their
    runs and waits, and every printed line tied to its print."""
    page = reader
    run_typed(
        page,
        "import asyncio\n\n\nasync def job(name):\n    print(name)\n"
        "    await asyncio.sleep(0.1)\n\n\nasync def main():\n"
        "    await asyncio.gather(job('a'), job('b'))\n\n\nasyncio.run(main())\n",
        FINISHED,
    )
    box = f"{q(0, 'pre')}.closest('.ptc-run-output').querySelector('.ptc-timeline')"
    page.wait_for(
        f"{box}?.querySelector('.ptc-tl-download')?.disabled === false",
        20,
        "the trace is in",
    )
    names = page.evaluate(
        f"[...{box}.querySelectorAll('.ptc-tl-name title')]"
        ".map(t => t.textContent).join('|')"
    )
    assert [n.split()[-1] for n in names.split("|")] == ["main()", "job()", "job()"]
    assert page.evaluate(f"{box}.querySelectorAll('.ptc-tl-run').length") >= 3
    assert page.evaluate(f"{box}.querySelectorAll('.ptc-tl-wait').length") >= 3
    tied = page.evaluate(f"{q(0, 'pre')}.querySelectorAll('[data-print]').length")
    assert tied == 2


def test_a_traceback_carries_the_editors_line_numbers(reader):
    page = reader
    run_typed(page, "def f():\n    return 1 / 0\n\n\nf()\n", ["error"])
    text = output(page)
    assert text.startswith("Traceback (most recent call last):"), text
    assert ", line 5, in <module>" in text and ", line 2, in f" in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")


def test_printed_html_is_shown_as_text(reader):
    page = reader
    run_typed(
        page, 'print("<img src=x onerror=alert(1)>")\nprint("<b>bold</b>")\n', ["ok"]
    )
    assert output(page) == "<img src=x onerror=alert(1)>\n<b>bold</b>\n"
    assert page.evaluate(f"{q(0, 'pre')}.querySelectorAll('img, b').length") == 0
    # An alert() would be in errors() (and stop every WebKit command).


@pytest.mark.parametrize(
    ("lang", "threads", "no_input"),
    [
        ("", "没有线程", "不能用 input()"),
        ("en/", "has no threads", "cannot read the keyboard"),
    ],
    ids=["zh", "en"],
)
def test_threads_and_input_get_their_message(tabs, lang, threads, no_input):
    page = tabs.get(lang)
    before = len(page.errors())
    for code, words in (
        ("import threading\n\nthreading.Thread(target=print).start()\n", threads),
        ("name = input('name? ')\n", no_input),
    ):
        run_typed(page, code, FINISHED)
        assert state(page) == "error", output(page)
        note = page.evaluate(
            f"{q(0, 'note')}.querySelector('.ptc-cannot')?.textContent"
        )
        assert note and words in note, note
        assert "BrowserCannot" in output(page)
    assert page.errors()[before:] == []


def stop_while_running(page, code: str) -> float:
    """Run `code`, press Stop half a second in; seconds until it stopped."""
    type_code(page, code)
    run(page)
    wait_state(page, ["running"])
    time.sleep(0.5)
    started = time.monotonic()
    stop(page)
    wait_state(page, ["stopped"], 10)
    return time.monotonic() - started


@pytest.mark.serial  # Stop is timed
@pytest.mark.parametrize(
    "code",
    ["while True:\n    pass\n", "import time\n\nprint('sleeping')\ntime.sleep(30)\n"],
    ids=["infinite-loop", "time-sleep-30"],
)
def test_stop_ends_busy_code_and_run_works_again(reader, code):
    """On a plain host there is no SharedArrayBuffer: Stop ends the worker,
    and the runner says Python was restarted, which is true."""
    page = reader
    page.tolerated = (FIREFOX_WORKER_ENDED,) if page.engine == "firefox" else ()
    assert page.evaluate("crossOriginIsolated") is False
    took = stop_while_running(page, code)
    assert took < 4, f"Stop took {took:.1f} s"
    assert status(page) == labels.label("en", "run.restarted")
    type_code(page, "print('again')\n")
    run(page)
    wait_state(page, FINISHED)
    assert (state(page), output(page)) == ("ok", "again\n")


@pytest.mark.serial  # Stop is timed
def test_with_isolation_stop_interrupts_where_the_engine_can(engine, site_url_isolated):
    """Served with COOP/COEP, Stop interrupts Python through a
    SharedArrayBuffer where the engine has one; WebKitGTK is cross-origin
    isolated yet has none, so the runner must not try to make one (it did,
    and every Run failed), and Stop falls back to a restart."""
    page = fresh(engine, f"{site_url_isolated}en/{PAGE}")
    try:
        assert page.evaluate("crossOriginIsolated") is True
        has_sab = page.evaluate("typeof SharedArrayBuffer === 'function'")
        assert has_sab is ISOLATED_HAS_SAB[engine.name]
        run_typed(page, "print('isolated')\n", FINISHED)
        assert (state(page), output(page)) == ("ok", "isolated\n"), status(page)
        took = stop_while_running(page, "while True:\n    pass\n")
        if has_sab:  # interrupted: KeyboardInterrupt, Python kept
            assert status(page) == labels.label("en", "run.stopped")
            assert took < 1.5, f"Stop took {took:.1f} s"
        else:
            assert status(page) == labels.label("en", "run.restarted")
            assert took < 4, f"Stop took {took:.1f} s"
        run_typed(page, "print('again')\n", FINISHED)
        assert (state(page), output(page)) == ("ok", "again\n")
        ended = (FIREFOX_WORKER_ENDED,) if page.engine == "firefox" else ()
        assert [e for e in page.errors() if e not in ended] == []
    finally:
        page.close()


@pytest.mark.serial  # frames are timed
def test_a_flood_is_capped_and_the_page_keeps_drawing(reader):
    page = reader
    type_code(page, "for i in range(300_000):\n    print(i)\n")
    # Frames and timers, recorded in the page while the flood streams.
    page.evaluate(
        "(() => { const r = window.__ptcFrames = {frames: [], timers: 0, on: true};"
        " const f = t => { r.frames.push(performance.now());"
        " if (r.on) requestAnimationFrame(f); };"
        " requestAnimationFrame(f);"
        " r.interval = setInterval(() => r.timers++, 50); })()"
    )
    started = time.monotonic()
    run(page)
    wait_state(page, FINISHED)
    took = time.monotonic() - started
    frames = page.evaluate(
        "(() => { const r = __ptcFrames; r.on = false; clearInterval(r.interval);"
        " const gaps = r.frames.slice(1).map((t, n) => t - r.frames[n]);"
        " return {count: r.frames.length, slowest: Math.max(0, ...gaps),"
        " timers: r.timers}; })()"
    )
    assert state(page) == "ok", status(page)
    shown = output(page).splitlines()
    assert shown[:3] == ["0", "1", "2"]
    assert len(shown) == browser_limits.MAX_LINES
    notice = page.evaluate(f"{q(0, 'note')}.querySelector('.ptc-dropped')?.textContent")
    assert notice and str(300_000 - len(shown)) in notice, notice
    # The page kept drawing: frames all through the run, none held long.
    assert frames["slowest"] < 500, f"a frame took {frames['slowest']:.0f} ms"
    assert frames["count"] >= took * 5, frames
    assert frames["timers"] >= took * 5, frames


def test_no_request_leaves_the_site(engine, site_url):
    """A fresh page, its first Run (Pyodide loads in the worker) and the
    editor: the engine's proxy for other hosts sees nothing."""
    mark = engine.mark()
    page = fresh(engine, f"{site_url}{PAGE}")
    try:
        run(page)
        wait_state(page, ["ok"])
        page.wait_for(f"!!{q(0, 'editor')}", 20, "the editor loads")
        time.sleep(1)
        assert engine.foreign(mark) == []
        assert page.errors() == []
    finally:
        page.close()
    # The check can fail: a request to another host, from the page or from
    # a worker, is seen.
    page = fresh(engine, f"{site_url}{PAGE}")
    try:
        page.evaluate("fetch('https://other.test/from-page').catch(() => 0)")
        page.evaluate(
            "new Worker(URL.createObjectURL(new Blob(["
            "\"fetch('http://worker.test/from-worker').catch(() => 0)\"],"
            " {type: 'text/javascript'}))) && 0"
        )
        deadline = time.monotonic() + 30  # a loaded machine starts workers late
        while time.monotonic() < deadline:
            seen = engine.foreign(mark)
            if "CONNECT other.test:443" in seen and any(
                "worker.test" in s for s in seen
            ):
                break
            time.sleep(0.2)
        assert "CONNECT other.test:443" in seen, seen
        assert any("worker.test" in s for s in seen), seen
    finally:
        page.close()


def test_the_home_page_names_the_engine_as_tested(engine):
    """docs/index*.md say which browsers are tested, with their versions."""
    version = engine.version.removeprefix("firefox/").split(".")
    named = {
        "chromium": f"Chromium {version[0]}",
        "firefox": f"Firefox ESR {version[0]}",
        "webkit": f"WebKitGTK {version[0]}.{version[1]}",
    }[engine.name]
    for page in ("index.md", "index.en.md"):
        assert named in (DOCS / page).read_text("utf-8"), f"{page}: no {named!r}"
