"""A Semaphore lets at most N threads into a section at once, e.g. to limit
open connections."""

import threading
import time

slots = threading.Semaphore(2)  # at most 2 threads inside
lock = threading.Lock()
inside = peak = 0


def download(n):
    global inside, peak
    with slots:
        with lock:
            inside += 1
            peak = max(peak, inside)
        time.sleep(0.1)  # the slow part, e.g. network I/O
        with lock:
            inside -= 1


if __name__ == "__main__":
    threads = [threading.Thread(target=download, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("threads started:", len(threads))
    print("most inside at once:", peak)
