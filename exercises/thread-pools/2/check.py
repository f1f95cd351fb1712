"""Checks for the exercise thread-pools/2: a call with no timeout.

Run: python check.py [FILE.py] (starter.py by default).
"""

import threading
import time

import checklib

TIMEOUT = 3.0  # s the probe gives fetch_all()
# fetch_all() must return well before this: far past TIMEOUT, on any
# machine, yet far short of waiting for ever.
RETURNS_WITHIN = 15.0


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    student.DELAYS = {"a": 0.05, "b": 0.2, "never": None, "z": 0.1}
    started = time.monotonic()
    answers, late = student.fetch_all(["a", "never", "b", "z"], TIMEOUT)
    took = time.monotonic() - started
    # Threads asked to stop may take a moment to notice.
    deadline = time.monotonic() + 5
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    return {
        "answers": dict(answers),
        "late": list(late),
        "in_time": took < RETURNS_WITHIN,
        "threads_left": threading.active_count() - 1,
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-answers",
        result.lines
        == [
            "fast: ok",
            "slow: ok",
            "no answer: stuck",
        ],
    )
    yield "returns-in-time", facts.get("in_time") is True
    yield (
        "answers",
        facts.get("answers")
        == {
            "a": "a: ok",
            "b": "b: ok",
            "z": "z: ok",
        },
    )
    yield "late-names", facts.get("late") == ["never"]
    yield "threads-end", facts.get("threads_left") == 0


if __name__ == "__main__":
    checklib.main(__file__, checks)
