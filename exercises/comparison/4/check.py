"""Checks for the exercise comparison/4: choose a pool for each workload.

Run: python check.py [FILE.py] (starter.py by default).

The checks look at where the jobs ran, never at how long they took.
"""

import os
import threading

import checklib

LIMITS = [10, 100, 1000]  # not the file's own jobs
PRIMES = [4, 25, 168]
PAGES = ["a", "b", "c"]
JOBS = 4  # jobs the probe runs in each executor, to see where they run


def where(job):
    """A job run in the student's executor: which process, which thread."""
    return [os.getpid(), threading.get_ident()]


def probe(student):
    """Runs in a fresh process, with the student's file imported."""
    places = {}
    for kind in ("cpu", "io"):
        with student.executor_for(kind) as pool:
            places[kind] = list(pool.map(where, range(JOBS)))
    return {
        "main": [os.getpid(), threading.get_ident()],
        "places": places,
        "primes": student.run("cpu", LIMITS),
        "pages": student.run("io", PAGES),
    }


def in_other_processes(facts):
    """Every CPU job ran in a process other than the probe's."""
    main_pid, _ = facts.get("main") or [None, None]
    cpu = (facts.get("places") or {}).get("cpu") or []
    return len(cpu) == JOBS and all(pid != main_pid for pid, _ in cpu)


def in_threads_here(facts):
    """Every I/O job ran in this process, in a thread other than its
    main thread."""
    main_pid, main_thread = facts.get("main") or [None, None]
    io = (facts.get("places") or {}).get("io") or []
    return len(io) == JOBS and all(
        pid == main_pid and thread != main_thread for pid, thread in io
    )


def checks(result):
    yield (
        "prints-results",
        result.lines
        == [
            "primes: [1229, 2262, 3245, 4203]",
            "pages: ['home: 200 OK', 'news: 200 OK', 'shop: 200 OK', "
            "'help: 200 OK']",
        ],
    )
    yield "cpu-in-processes", in_other_processes(result.facts)
    yield "io-in-threads", in_threads_here(result.facts)
    yield (
        "right-results",
        result.facts.get("primes") == PRIMES
        and result.facts.get("pages") == [f"{p}: 200 OK" for p in PAGES],
    )


if __name__ == "__main__":
    checklib.main(__file__, checks, start_methods=True)
