"""Square numbers in a process pool, and survive workers that die."""

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def square(n):
    if n % 13 == 0:
        # Stands in for a crash in C code: the worker dies at once, with
        # no exception for Python to catch.
        os._exit(1)
    return n * n


def square_all(numbers):
    """Return [(n, n * n) for n in numbers], with None in place of
    n * n for each number whose worker died."""
    results, retry = {}, []
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [(n, pool.submit(square, n)) for n in numbers]
        for n, future in futures:
            try:
                results[n] = future.result()
            except BrokenProcessPool:
                # One death breaks the whole pool: this number may have
                # killed it, or only been waiting in it.
                retry.append(n)
    for n in retry:
        # Alone in a fresh pool, a number shows whether it is the killer.
        with ProcessPoolExecutor(max_workers=1) as pool:
            try:
                results[n] = pool.submit(square, n).result()
            except BrokenProcessPool:
                results[n] = None
    return [(n, results[n]) for n in numbers]


if __name__ == "__main__":
    for n, n_squared in square_all([2, 13, 5, 7]):
        print(n, "->", n_squared)
