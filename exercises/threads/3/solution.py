"""Producer/consumer: square numbers in consumer threads fed by a queue."""

import queue
import threading

STOP = object()  # put once per consumer, after the last item


def process_all(items, handle, workers):
    """Return [handle(item) for item in items], computed by `workers`
    consumer threads that take the items from one queue.Queue. Every
    consumer has ended when it returns."""
    tasks = queue.Queue()
    items = list(items)
    results = [None] * len(items)

    def consume():
        while True:
            task = tasks.get()
            if task is STOP:
                return
            index, item = task
            # Each index is written by one consumer only: no lock needed.
            results[index] = handle(item)

    consumers = [threading.Thread(target=consume) for _ in range(workers)]
    try:
        for consumer in consumers:
            consumer.start()
        for task in enumerate(items):
            tasks.put(task)
    finally:
        # Also on Ctrl+C, so no consumer waits for an item for ever.
        for _ in consumers:
            tasks.put(STOP)
    for consumer in consumers:
        consumer.join()
    return results


def square(n):
    return n * n


if __name__ == "__main__":
    print(process_all(range(1, 11), square, workers=3))
