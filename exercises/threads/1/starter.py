"""Count page visits from several threads: the total comes out short."""

import threading
import time


class VisitCounter:
    def __init__(self):
        self.count = 0

    def visit(self):
        seen = self.count
        time.sleep(0)  # lets another thread run here, as real work would
        self.count = seen + 1


def count_visits(counter, threads, visits):
    """Start `threads` threads that each call counter.visit() `visits`
    times, and wait for them all."""

    def visitor():
        for _ in range(visits):
            counter.visit()

    workers = [threading.Thread(target=visitor) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    counter = VisitCounter()
    count_visits(counter, threads=4, visits=1000)
    print("visits:", counter.count)
