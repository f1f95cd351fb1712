"""Two workloads, one pool each: choose the pool that suits each one."""

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
    # TODO: return the executor that suits each kind of work, with a
    # comment that says why.
    raise NotImplementedError


def run(kind, jobs):
    """Map the workload of `kind` over `jobs` in executor_for(kind)."""
    with executor_for(kind) as pool:
        return list(pool.map(WORKLOADS[kind], jobs))


if __name__ == "__main__":
    print("primes:", run("cpu", [10_000, 20_000, 30_000, 40_000]))
    print("pages:", run("io", ["home", "news", "shop", "help"]))
