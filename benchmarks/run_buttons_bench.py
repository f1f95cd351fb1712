"""Print the in-page runner's figures (a script that prints, not a test).

    .venv/bin/python benchmarks/run_buttons_bench.py [--site DIR] [--rounds N]

Everything runs in one Chromium (Debian's, FACTS.md flags) against the
built site served by a plain static server on 127.0.0.1 (no compression, no
COOP/COEP: like GitHub Pages without gzip). Each round uses fresh browser
contexts, so every cold figure starts with an empty HTTP cache.

- cold ratio: Run click -> first output on the coroutines page, divided by a
  bare `loadPyodide()` in a blank page of the same origin. Goal <= 1.15.
- warm: Run click -> first output once the worker is loaded. Goal <= 50 ms.
- bytes before the first Run: the page as built, minus the same page with
  run_buttons.js and run_buttons.css answered empty. Goal <= 30 KB more.
- bytes on the first Run: everything fetched from the click to the end of
  the run (worker, Pyodide, editor).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import tempfile
from pathlib import Path

from ptc import site
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS

PAGE = "coroutines/"
RUNNER = 0  # the page's first runnable block (event_loop_turns.py prints at once)
BLANK = """<!doctype html><meta charset="utf-8"><title>blank</title>
<script type="module">
const t0 = performance.now();
const base = new URL("assets/vendor/pyodide/", location.href).href;
const { loadPyodide } = await import(base + "pyodide.mjs");
const py = await loadPyodide({ indexURL: base, packages: [] });
py.runPython("print('ready')");
window.loadMs = performance.now() - t0;
</script>"""
# The stricter baseline: the same bare load, but in a module worker.
BLANK_WORKER = """<!doctype html><meta charset="utf-8"><title>blank</title>
<script type="module">
const t0 = performance.now();
const base = new URL("assets/vendor/pyodide/", location.href).href;
const code = `const { loadPyodide } = await import("${base}pyodide.mjs");
const py = await loadPyodide({ indexURL: "${base}", packages: [] });
py.runPython("print('ready')"); postMessage("ready");`;
const blob = new Blob([code], { type: "text/javascript" });
const worker = new Worker(URL.createObjectURL(blob), { type: "module" });
worker.onmessage = () => { window.loadMs = performance.now() - t0; };
</script>"""
WATCH_OUTPUT = """i => new Promise(resolve => {
  const bar = document.querySelector(`.ptc-run-bar[data-ptc-runner="${i}"]`);
  const pre = document.querySelector(`.ptc-run-output[data-ptc-runner="${i}"] pre`);
  let clicked = 0;
  bar.querySelector(".ptc-run").addEventListener("click", () => {
    clicked = performance.now();
  }, { capture: true, once: true });
  new MutationObserver((_, obs) => {
    if (clicked && pre.textContent.length) {
      obs.disconnect();
      window.firstOutputMs = performance.now() - clicked;
    }
  }).observe(pre, { childList: true, subtree: true, characterData: true });
  resolve();
})"""


def transferred(page) -> dict:
    """Bytes received (headers + body) per finished request, the worker's too."""
    sizes: dict = {}

    def done(request):
        s = request.sizes()
        sizes[id(request)] = s["responseHeadersSize"] + s["responseBodySize"]

    page.context.on("requestfinished", done)
    return sizes  # filled as the page loads


def bare_load(browser, url: str, body: str = BLANK) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "**/__blank__.html", lambda r: r.fulfill(body=body, content_type="text/html")
    )
    page.goto(url + "__blank__.html")
    page.wait_for_function("window.loadMs", timeout=120_000)
    ms = page.evaluate("window.loadMs")
    context.close()
    return ms


def run_and_wait(page, i: int) -> None:
    page.evaluate(WATCH_OUTPUT, str(i))
    page.locator(f'.ptc-run-bar[data-ptc-runner="{i}"] .ptc-run').click()
    page.wait_for_function("window.firstOutputMs !== undefined", timeout=120_000)
    page.wait_for_function(
        f"""['ok', 'error'].includes(document.querySelector(
        '.ptc-run-bar[data-ptc-runner="{i}"]').dataset.state)""",
        timeout=120_000,
    )


def page_round(browser, url: str) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    sizes = transferred(page)
    page.goto(url + PAGE, wait_until="networkidle")
    before = sum(sizes.values())
    run_and_wait(page, RUNNER)
    cold = page.evaluate("window.firstOutputMs")
    on_first_run = sum(sizes.values()) - before
    page.evaluate("delete window.firstOutputMs")
    warm = []
    for _ in range(3):
        run_and_wait(page, RUNNER)
        warm.append(page.evaluate("window.firstOutputMs"))
        page.evaluate("delete window.firstOutputMs")
    context.close()
    return {
        "cold": cold,
        "warm": statistics.median(warm),
        "before": before,
        "first_run": on_first_run,
    }


def empty_answer(kind: str):
    def answer(route):
        route.fulfill(body="", content_type=kind)

    return answer


def without_runner(browser, url: str) -> int:
    context = browser.new_context()
    page = context.new_page()
    for name, kind in (
        ("run_buttons.js", "text/javascript"),
        ("run_buttons.css", "text/css"),
    ):
        page.route(f"**/assets/{name}", empty_answer(kind))
    sizes = transferred(page)
    page.goto(url + PAGE, wait_until="networkidle")
    total = sum(sizes.values())
    context.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", help="a built site (default: build one)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    built = args.site or os.environ.get("PTC_SITE_DIR")
    if not built:
        built = tempfile.mkdtemp(prefix="ptc-site-")
        site.build(Path(built))
    from playwright.sync_api import sync_playwright

    with site.serve(Path(built)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        bare, bare_worker, rounds, plain = [], [], [], []
        for _ in range(args.rounds):  # interleaved, so drift hits both alike
            bare.append(bare_load(browser, url))
            bare_worker.append(bare_load(browser, url, BLANK_WORKER))
            rounds.append(page_round(browser, url))
            plain.append(without_runner(browser, url))
        version = browser.version
        browser.close()

    cold = statistics.median(r["cold"] for r in rounds)
    warm = statistics.median(r["warm"] for r in rounds)
    bare_ms = statistics.median(bare)
    before = int(statistics.median(r["before"] for r in rounds))
    extra = before - int(statistics.median(plain))
    first_run = int(statistics.median(r["first_run"] for r in rounds))
    assets = Path(built) / "assets"
    gz = sum(
        len(gzip.compress((assets / n).read_bytes(), 9))
        for n in ("run_buttons.js", "run_buttons.css")
    )
    print(f"Chromium {version}, {args.rounds} rounds, medians")
    print(f"page /{PAGE}, runner {RUNNER}")
    print(f"bare loadPyodide, blank page:       {bare_ms:8.0f} ms")
    print(f"cold click -> first output:         {cold:8.0f} ms")
    print(f"  ratio cold / bare:                {cold / bare_ms:8.2f}   (goal <= 1.15)")
    worker_ms = statistics.median(bare_worker)
    print(f"bare loadPyodide, blank page worker:{worker_ms:8.0f} ms")
    print(f"  ratio cold / bare in a worker:    {cold / worker_ms:8.2f}")
    print(f"warm click -> first output:         {warm:8.1f} ms (goal <= 50 ms)")
    print(f"bytes before first Run, with runner:{before:9,d}")
    print(f"  more than without the runner:     {extra:9,d}   (goal <= 30,720)")
    print(f"  run_buttons.js + run_buttons.css, gzip -9:  {gz:9,d}")
    print(f"bytes on the first Run:             {first_run:9,d}")
    each = ", ".join(
        f"{r['cold']:.0f}/{b:.0f}/{w:.0f}"
        for r, b, w in zip(rounds, bare, bare_worker, strict=True)
    )
    print(f"each round, cold / bare page / bare worker, ms: {each}")


if __name__ == "__main__":
    main()
