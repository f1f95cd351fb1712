"""Scale numbers in a process pool, with a function that can cross."""

from concurrent.futures import ProcessPoolExecutor
from functools import partial


def scale(n, factor):
    # At the top level of the module: pickled by its name, and found
    # again by that name in the worker.
    return n * factor


def scale_all(numbers, factor):
    """Return [n * factor for n in numbers], computed in a process pool."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        # A partial() of a top-level function pickles: the function by
        # name, `factor` by value, so each worker gets it too.
        return list(pool.map(partial(scale, factor=factor), numbers))


if __name__ == "__main__":
    print(scale_all([1, 2, 3, 4], 10))
