"""One thread per task against a bounded thread pool: the pool runs the same
500 tasks with 8 threads, and the extra threads cost memory."""

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

TASKS, WORKERS = 500, 8


def memory_kib():
    """Resident memory in KiB from /proc (Linux), else the peak from
    resource."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource  # macOS and other Unix
    except ImportError:
        return 0  # Windows: not measured by this script

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS: bytes


def measure(start_tasks):
    release = (
        threading.Event()
    )  # every task waits on it, so all are alive at once
    before, finish = memory_kib(), None
    try:
        finish = start_tasks(release)
        threads, grown = threading.active_count() - 1, memory_kib() - before
    finally:
        wake_all(release)  # also on Ctrl+C, so no thread is left waiting
        if finish:
            finish()
    return threads, grown


def wake_all(release):
    """Set the event, even when Ctrl+C lands while set() wakes the 500
    threads: the ones it had not reached yet would wait for ever."""
    try:
        release.set()
    except KeyboardInterrupt:
        release.set()  # wakes the rest; then Ctrl+C goes on
        raise


def one_thread_per_task(release):
    threads = [threading.Thread(target=release.wait) for _ in range(TASKS)]
    for t in threads:
        t.start()
    return lambda: [t.join() for t in threads]


def bounded_pool(release):
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    for _ in range(TASKS):
        pool.submit(release.wait)  # extra tasks wait in the pool's queue
    return pool.shutdown


if __name__ == "__main__":
    # The pool runs first: peak-based measurement (macOS) needs that order.
    pool_threads, pool_kib = measure(bounded_pool)
    own_threads, own_kib = measure(one_thread_per_task)
    print(f"{TASKS} waiting tasks, bounded pool: {pool_threads} threads")
    print(f"{TASKS} waiting tasks, one thread each: {own_threads} threads")
    # Memory figures vary with the OS and allocator, so stdout shows a
    # verdict (at least twice the pool's growth); the figures go to stderr.
    more = "yes" if own_kib > 2 * max(pool_kib, 1) else "no"
    if own_kib == pool_kib == 0:
        more = "not measured on this platform"
    print("one thread per task used more memory:", more)
    print(
        f"memory growth: pool {pool_kib} KiB, one thread each {own_kib} KiB",
        file=sys.stderr,
    )
