"""Producer/consumer: square numbers in consumer threads fed by a queue."""

import queue
import threading


def process_all(items, handle, workers):
    """Return [handle(item) for item in items], computed by `workers`
    consumer threads that take the items from one queue.Queue. Every
    consumer has ended when it returns."""
    tasks = queue.Queue()
    # TODO: start `workers` consumer threads, put the items on `tasks`,
    # tell every consumer to stop once the items run out, wait for them,
    # and return the results in the order of `items`.
    raise NotImplementedError


def square(n):
    return n * n


if __name__ == "__main__":
    print(process_all(range(1, 11), square, workers=3))
