"""Predict the order of the lines: the first task is the slowest, the last
one the quickest. In which order do as_completed() and map() give them?"""

import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def slow_square(n):
    # 1 s, 0.5 s, 0 s: far apart, so that a slow start of a worker
    # process cannot change which finishes first.
    time.sleep(0.5 * (2 - n))
    return n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=3) as pool:
        futures = {pool.submit(slow_square, n): n for n in range(3)}
        for future in as_completed(futures):
            print(f"as_completed: {futures[future]} -> {future.result()}")
        for n, square in enumerate(pool.map(slow_square, range(3))):
            print(f"map: {n} -> {square}")
