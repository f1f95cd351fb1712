"""Checks for the exercise thread-pools/1: limit concurrency.

Run: python check.py [FILE.py] (starter.py by default).
"""

import threading
import time

import checklib

LIMIT = 3
MEETING_WAIT = 10.0  # s the first calls wait for each other


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    busy = most_busy = calls = 0
    lock = threading.Lock()
    # The first LIMIT calls wait until LIMIT calls run at once: code that
    # lets fewer in never gets past it.
    meeting = threading.Barrier(LIMIT)
    met = []

    def fetch(url):
        nonlocal busy, most_busy, calls
        with lock:
            busy += 1
            calls += 1
            most_busy = max(most_busy, busy)
            first = calls <= LIMIT
        if first:
            try:
                meeting.wait(timeout=MEETING_WAIT)
                met.append(True)
            except threading.BrokenBarrierError:
                pass
        time.sleep(0.2)  # long enough for the pool's other threads to come
        with lock:
            busy -= 1
        return url.upper()

    urls = [f"/page-{n}" for n in range(12)]
    pages = student.fetch_all(urls, fetch, LIMIT)
    return {
        "pages": list(pages),
        "expected": [url.upper() for url in urls],
        "most_busy": most_busy,
        "met": len(met) == LIMIT,
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-pages",
        result.lines
        == [
            "6 pages, the first: <page /0>",
            "at most 2 at once: yes",
        ],
    )
    yield (
        "results-in-order",
        bool(facts) and facts["pages"] == facts["expected"],
    )
    yield "at-most-limit", facts.get("most_busy", LIMIT + 1) <= LIMIT
    yield "limit-at-once", facts.get("met") is True


if __name__ == "__main__":
    checklib.main(__file__, checks)
