"""Square numbers in a process pool; some inputs kill their worker."""

import os
from concurrent.futures import ProcessPoolExecutor


def square(n):
    if n % 13 == 0:
        # Stands in for a crash in C code: the worker dies at once, with
        # no exception for Python to catch.
        os._exit(1)
    return n * n


def square_all(numbers):
    """Return [(n, n * n) for n in numbers], with None in place of
    n * n for each number whose worker died."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [(n, pool.submit(square, n)) for n in numbers]
        return [(n, future.result()) for n, future in futures]


if __name__ == "__main__":
    for n, n_squared in square_all([2, 13, 5, 7]):
        print(n, "->", n_squared)
