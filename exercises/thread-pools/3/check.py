"""Checks for the exercise thread-pools/3: exceptions nobody looks at.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    records = [
        {"id": n, "name": "" if n % 3 == 0 else f"user{n}"} for n in range(10)
    ]
    saved, failed = student.save_all(records)
    clean = student.save_all([{"id": 1, "name": "x"}])
    return {
        "saved": saved,
        "failed": [list(pair) for pair in failed],
        "clean": [clean[0], list(clean[1])],
    }


def checks(result):
    facts = result.facts
    yield (
        "prints-failure",
        result.lines
        == [
            "saved: 2",
            "failed: 2 record 2 has no name",
        ],
    )
    yield "counts-saved", facts.get("saved") == 6
    yield (
        "reports-failures",
        facts.get("failed")
        == [[n, f"record {n} has no name"] for n in (0, 3, 6, 9)],
    )
    yield "no-false-alarm", facts.get("clean") == [1, []]


if __name__ == "__main__":
    checklib.main(__file__, checks)
