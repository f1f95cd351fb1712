"""CPU-bound work split across worker processes: each process has its own
interpreter and GIL, so the parts can run on different cores."""

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def count_primes(bounds):
    lo, hi = bounds
    return sum(
        all(n % d for d in range(2, int(n**0.5) + 1))
        for n in range(max(lo, 2), hi)
    )


if __name__ == "__main__":
    limit, parts = 120_000, 4
    chunks = [
        (i * limit // parts, (i + 1) * limit // parts) for i in range(parts)
    ]

    start = time.perf_counter()
    one = [count_primes(c) for c in chunks]
    t_one = time.perf_counter() - start

    start = time.perf_counter()  # includes starting the workers
    with ProcessPoolExecutor(max_workers=2) as pool:
        two = list(pool.map(count_primes, chunks))
    t_two = time.perf_counter() - start

    print(f"primes below {limit}: {sum(one)}")
    print(f"work split into {parts} parts across 2 worker processes")
    print("same result as one process:", one == two)
    # Timing depends on the machine and its load (on a busy 2-core machine
    # the gain can be small), so it goes to stderr, not to the checked output.
    print(
        f"one process {t_one:.2f} s, two processes {t_two:.2f} s, "
        f"speed-up {t_one / t_two:.2f}x on {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    print("timings: see stderr (they vary from run to run)")
