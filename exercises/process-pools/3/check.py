"""Checks for the exercise process-pools/3: a lambda that cannot cross.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib

NUMBERS = [3, 1, 4, 1, 5]
FACTOR = 7  # not the 10 of the file's own run


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    return {"scaled": student.scale_all(NUMBERS, FACTOR)}


def checks(result):
    yield "prints-scaled", result.lines == ["[10, 20, 30, 40]"]
    yield (
        "every-factor",
        result.facts.get("scaled") == [n * FACTOR for n in NUMBERS],
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
