"""Checks for the exercise process-pools/2: a call with no timeout.

Run: python check.py [FILE.py] (starter.py by default).
"""

import multiprocessing
import time

import checklib

TIMEOUT = 5.0  # s the probe gives ask_all()
# ask_all() must return well before this: far past TIMEOUT, on any
# machine, yet far short of waiting for ever.
RETURNS_WITHIN = 20.0


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    started = time.monotonic()
    answers, unanswered = student.ask_all(["to", "halting", "be"], TIMEOUT)
    took = time.monotonic() - started
    return {
        "answers": dict(answers),
        "unanswered": list(unanswered),
        "in_time": took < RETURNS_WITHIN,
        "workers_left": len(multiprocessing.active_children()),
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-answers",
        result.lines
        == [
            "life: 4 letters",
            "universe: 8 letters",
            "unanswered: halting",
        ],
    )
    yield "returns-in-time", facts.get("in_time") is True
    yield (
        "answers",
        facts.get("answers")
        == {
            "to": "to: 2 letters",
            "be": "be: 2 letters",
        },
    )
    yield "unanswered", facts.get("unanswered") == ["halting"]
    yield "workers-end", facts.get("workers_left") == 0


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
