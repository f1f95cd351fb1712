"""Checks for the exercise process-pools/1: an unhandled BrokenProcessPool.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib

NUMBERS = [1, 13, 2, 26, 3, 4]


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    return {"squares": [list(pair) for pair in student.square_all(NUMBERS)]}


def checks(result):
    yield (
        "prints-squares",
        result.lines
        == [
            "2 -> 4",
            "13 -> None",
            "5 -> 25",
            "7 -> 49",
        ],
    )
    yield (
        "every-result",
        result.facts.get("squares")
        == [[n, None if n % 13 == 0 else n * n] for n in NUMBERS],
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
