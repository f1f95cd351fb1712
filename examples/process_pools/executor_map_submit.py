"""ProcessPoolExecutor: map() returns results in input order, submit()
returns a Future, as_completed() yields futures as they finish."""

import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def square(n):
    return n * n


def slow_square(n):
    time.sleep(n / 4)  # n quarters of a second
    return n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=3) as pool:
        print("map:", list(pool.map(square, range(8))))

        future = pool.submit(square, 12)
        print("submit:", future.result())  # result() waits for it

        # Submitted 6, 1, 3, they finish as 1, 3, 6. Workers take tasks in
        # submission order, so 1 always ends before 3; 6 could end before 3
        # only if two of the three workers were stuck for 0.75 s.
        futures = {pool.submit(slow_square, n): n for n in (6, 1, 3)}
        for future in as_completed(futures):
            print(f"as_completed: {futures[future]} -> {future.result()}")
