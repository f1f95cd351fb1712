"""Checks for the exercise processes/2: joining before reading a queue.

Run: python check.py [FILE.py] (starter.py by default).
"""

import checklib


def checks(result):
    yield (
        "prints-reports",
        result.lines == [f"report {n}: 1000000 characters" for n in range(3)],
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
