"""The comparison page's workload as threads: two jobs, each a stretch of
computing and then a wait. Their waits overlap; under the GIL their
computing shares one core."""

import time
from concurrent.futures import ThreadPoolExecutor

COUNT = 4_000_000  # about 0.1 s of pure Python: long enough to see
WAIT = 0.3  # s, standing in for a network reply


def compute(n):
    while n:
        n -= 1


def job(name):
    compute(COUNT)  # needs the GIL the whole time
    time.sleep(WAIT)  # releases the GIL while it waits
    return f"job {name}: computed, then waited {WAIT} s"


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(job, "AB"):
            print(line)
