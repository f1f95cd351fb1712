"""The comparison page's workload as processes: two jobs, each a stretch
of computing and then a wait. Each process has its own interpreter and
GIL, so on two cores their computing runs at the same time."""

import time
from concurrent.futures import ProcessPoolExecutor

COUNT = 4_000_000  # about 0.1 s of pure Python: long enough to see
WAIT = 0.3  # s, standing in for a network reply


def compute(n):
    while n:
        n -= 1


def job(name):
    compute(COUNT)  # in this process, with its own GIL
    time.sleep(WAIT)
    return f"job {name}: computed, then waited {WAIT} s"


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        for line in pool.map(job, "AB"):
            print(line)
