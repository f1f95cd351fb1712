"""Scale numbers in a process pool; the work never reaches a worker."""

from concurrent.futures import ProcessPoolExecutor


def scale_all(numbers, factor):
    """Return [n * factor for n in numbers], computed in a process pool."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda n: n * factor, numbers))


if __name__ == "__main__":
    print(scale_all([1, 2, 3, 4], 10))
