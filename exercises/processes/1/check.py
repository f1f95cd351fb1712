"""Checks for the exercise processes/1: the missing `__main__` guard.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib


def checks(result):
    yield (
        "prints-squares",
        result.lines == [f"{n} squared is {n * n}" for n in range(1, 5)],
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
