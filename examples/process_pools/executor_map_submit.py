"""ProcessPoolExecutor: map() returns results in input order, submit()
returns a Future, as_completed() yields futures as they finish."""

import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def square(n):
    return n * n


def slow_square(n):
    time.sleep(n / 10)  # n tenths of a second
    return n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        print("map:", list(pool.map(square, range(8))))

        future = pool.submit(square, 12)
        print("submit:", future.result())  # result() waits for it

        # Submitted 6, 1, 3: with 2 workers they finish as 1 (0.1 s),
        # 3 (0.1 + 0.3 s) and 6 (0.6 s); the gaps keep the order stable.
        futures = {pool.submit(slow_square, n): n for n in (6, 1, 3)}
        for future in as_completed(futures):
            print(f"as_completed: {futures[future]} -> {future.result()}")
