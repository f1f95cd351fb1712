"""Two workloads, each in the pool that suits it."""

import math
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def count_primes(limit):
    """CPU-bound: count the primes below `limit`, in pure Python."""
    count = 0
    for n in range(2, limit):
        if all(n % d for d in range(2, math.isqrt(n) + 1)):
            count += 1
    return count


def fetch(page):
    """I/O-bound: stands in for a network call, which mostly waits."""
    time.sleep(0.2)
    return f"{page}: 200 OK"


WORKLOADS = {"cpu": count_primes, "io": fetch}


def executor_for(kind):
    """A new concurrent.futures executor for the jobs of `kind`, "cpu"
    or "io", to use in a `with` block."""
    if kind == "cpu":
        # Pure Python computing holds the GIL: in threads it would take
        # turns on one core. Each worker process has its own interpreter
        # and GIL, so the jobs compute on several cores at once.
        return ProcessPoolExecutor()
    if kind == "io":
        # A thread that waits (a sleep, a socket, a file) lets go of the
        # GIL, so threads wait together; no process to start, nothing to
        # pickle.
        return ThreadPoolExecutor()
    raise ValueError(f"no executor for {kind!r}: 'cpu' or 'io'")


def run(kind, jobs):
    """Map the workload of `kind` over `jobs` in executor_for(kind)."""
    with executor_for(kind) as pool:
        return list(pool.map(WORKLOADS[kind], jobs))


if __name__ == "__main__":
    print("primes:", run("cpu", [10_000, 20_000, 30_000, 40_000]))
    print("pages:", run("io", ["home", "news", "shop", "help"]))
