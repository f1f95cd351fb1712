"""Checks for the exercise processes/3: workers with a clean shutdown.

Run: python check.py [FILE.py] (starter.py by default).
"""

import multiprocessing
import os

import checklib


def tagged(n):
    """What a worker computes in the probe: the item and who did it."""
    return [n * 10, os.getpid()]


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    results = student.run_workers(range(12), tagged, 3)
    children = multiprocessing.active_children()
    empty = student.run_workers([], tagged, 2)
    return {
        "values": [value for value, _ in results],
        "pids": sorted({pid for _, pid in results}),
        "parent": os.getpid(),
        "children_left": len(children),
        "empty": list(empty),
        "children_left_empty": len(multiprocessing.active_children()),
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-cubes",
        result.lines == [str(sorted(n**3 for n in range(1, 9)))],
    )
    yield "every-result", facts.get("values") == [n * 10 for n in range(12)]
    yield (
        "in-worker-processes",
        bool(facts)
        and (
            0 < len(facts["pids"]) <= 3
            and facts["parent"] not in facts["pids"]
        ),
    )
    yield "workers-end", facts.get("children_left") == 0
    yield (
        "no-items",
        (facts.get("empty") == [] and facts.get("children_left_empty") == 0),
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
