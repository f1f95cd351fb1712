"""Checks for the exercise threads/3: producer/consumer, clean shutdown.

Run: python check.py [FILE.py] (starter.py by default).
"""

import threading

import checklib

MEETING_WAIT = 10.0  # s the first items wait for the other consumers


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    workers = 4
    # The first `workers` items wait until that many consumers hold one:
    # a program that handles one item at a time never gets past it.
    meeting = threading.Barrier(workers)
    seen, lock = [], threading.Lock()
    met = []

    def handle(item):
        with lock:
            seen.append(threading.get_ident())
            first = len(seen) <= workers
        if first:
            try:
                meeting.wait(timeout=MEETING_WAIT)
                met.append(True)
            except threading.BrokenBarrierError:
                pass
        return item * 10

    results = student.process_all(range(40), handle, workers)
    after_many = threading.active_count()
    empty = student.process_all([], handle, 3)
    return {
        "results": list(results),
        "consumers": len(set(seen)),
        "met": len(met) == workers,
        "threads_left": after_many - 1,
        "empty": list(empty),
        "threads_left_empty": threading.active_count() - 1,
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-squares",
        result.lines == [str([n * n for n in range(1, 11)])],
    )
    yield (
        "results-in-order",
        facts.get("results") == [n * 10 for n in range(40)],
    )
    yield "consumers-work-at-once", facts.get("met") is True
    yield "no-more-consumers", facts.get("consumers") == 4
    yield "consumers-end", facts.get("threads_left") == 0
    yield (
        "no-items",
        (facts.get("empty") == [] and facts.get("threads_left_empty") == 0),
    )


if __name__ == "__main__":
    checklib.main(__file__, checks)
