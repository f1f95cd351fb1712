"""Checks for the exercise threads/1: lost updates on a shared counter.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    counter = student.VisitCounter()
    student.count_visits(counter, threads=8, visits=200)
    return {"count": counter.count}


def checks(result):
    yield "prints-total", result.lines == ["visits: 4000"]
    yield "no-lost-updates", result.facts.get("count") == 8 * 200


if __name__ == "__main__":
    checklib.main(__file__, checks)
