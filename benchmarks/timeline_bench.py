"""What recording the timeline costs: warm runs of the coroutine examples
in the site's runner under Pyodide in Node, with the Timeline on (as on the
page: recording, and its news taken as often as the worker sends them) and
off, alternated in one Pyodide so both see the same warm state.

Prints each example's median run time both ways and the ratio (goal: at
most 1.2x on event_loop_turns.py, issue 10).

    .venv/bin/python benchmarks/timeline_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess

from ptc import EXAMPLES, ROOT, site
from ptc.browser_limits import TIMELINE_NEWS_MS

EXAMPLES_TIMED = ["event_loop_turns", "race_and_lock", "queue_workers"]
OFF = "import ptc_runtime; ptc_runtime.Timeline.install = lambda self: None"
ON = "import ptc_runtime; ptc_runtime.Timeline.install = ptc_runtime._install"
SAVE = "import ptc_runtime; ptc_runtime._install = ptc_runtime.Timeline.install"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    cases = [{"id": "save", "source": "pass", "setup": SAVE}]
    for n in range(runs + 1):  # the first round warms up
        for name in EXAMPLES_TIMED:
            source = (EXAMPLES / "coroutines" / f"{name}.py").read_text("utf-8")
            for mode, setup in (("on", ON), ("off", OFF)):
                case = {
                    "id": f"{n}:{name}:{mode}",
                    "source": source,
                    "filename": f"{name}.py",
                    "setup": setup,
                }
                if mode == "on":
                    case["drain_every"] = TIMELINE_NEWS_MS
                cases.append(case)
    result = subprocess.run(
        ["node", str(site.NODE_HARNESS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    seconds: dict[tuple[str, str], list[float]] = {}
    for r in json.loads(result.stdout):
        if r["id"] == "save" or r["id"].startswith("0:"):
            continue
        _, name, mode = r["id"].split(":")
        seconds.setdefault((name, mode), []).append(r["seconds"])
    print(f"Timeline cost, Pyodide in Node, median of {runs} warm runs")
    print(f"{'example':24} {'on (s)':>8} {'off (s)':>8} {'on/off':>7}")
    for name in EXAMPLES_TIMED:
        on = statistics.median(seconds[name, "on"])
        off = statistics.median(seconds[name, "off"])
        print(f"{name + '.py':24} {on:8.3f} {off:8.3f} {on / off:7.2f}")


if __name__ == "__main__":
    main()
