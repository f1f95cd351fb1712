"""Threads live in one process and share its memory: a list filled by
several threads is the same list the main thread reads."""

import os
import threading

results = []  # one object, visible to every thread
seen = {}


def work(n):
    results.append(
        n * n
    )  # list.append is atomic in CPython; see race_and_lock.py
    seen[threading.current_thread().name] = os.getpid()


if __name__ == "__main__":
    threads = [
        threading.Thread(target=work, args=(n,), name=f"t{n}")
        for n in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("results:", sorted(results))  # sorted: threads finish in any order
    print("threads that wrote:", sorted(seen))
    print("all ran in this process:", set(seen.values()) == {os.getpid()})
