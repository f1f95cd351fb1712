"""When a worker process dies, ProcessPoolExecutor is broken for good
(BrokenProcessPool); the way to recover is to make a new pool."""

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def square(n):
    return n * n


def die():
    os._exit(1)  # like a segfault or the OOM killer: no exception, just gone


if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=2)
    print("square(3) =", pool.submit(square, 3).result())
    try:
        pool.submit(die).result()
    except BrokenProcessPool as exc:
        print("worker died:", type(exc).__name__)
    try:
        pool.submit(square, 4)
    except BrokenProcessPool:
        print("the old pool refuses new work")
    pool.shutdown()

    # Recovery: a fresh pool with fresh workers.
    with ProcessPoolExecutor(max_workers=2) as pool:
        print("new pool: square(4) =", pool.submit(square, 4).result())
