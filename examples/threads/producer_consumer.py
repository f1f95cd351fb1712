"""Producer and consumers connected by a queue.Queue: the queue does the
locking, and a full queue slows the producer down."""

import queue
import threading

STOP = None
jobs = queue.Queue(maxsize=3)  # put() waits while 3 items are queued
done = []
lock = threading.Lock()


def producer(n_items, n_consumers):
    for item in range(n_items):
        jobs.put(item)
    for _ in range(n_consumers):
        jobs.put(STOP)  # one stop signal per consumer


def consumer(name):
    while (item := jobs.get()) is not STOP:
        with lock:
            done.append((item, name))


if __name__ == "__main__":
    # Daemon consumers: Ctrl+C ends the program even while they wait for work.
    consumers = [
        threading.Thread(target=consumer, args=(f"c{i}",), daemon=True)
        for i in range(2)
    ]
    # Consumers start first: a producer stuck on a full queue with no one to
    # drain it would keep the program from exiting, even after Ctrl+C.
    threads = [
        *consumers,
        threading.Thread(target=producer, args=(10, len(consumers))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    items = sorted(item for item, _ in done)
    print("items consumed:", items)  # who took which item varies
    print("each item exactly once:", items == list(range(10)))
    print("queue empty:", jobs.empty())
