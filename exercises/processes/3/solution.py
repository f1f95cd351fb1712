"""Worker processes fed by a queue, shut down cleanly when work runs out."""

import multiprocessing

STOP = None  # put once per worker, after the last item


def work(handle, tasks, results):
    # A module-level function: spawn and forkserver find it by name.
    while (item := tasks.get()) is not STOP:
        results.put(handle(item))


def run_workers(items, handle, workers):
    """Return sorted(handle(item) for item in items), computed by
    `workers` worker processes that take the items from one
    multiprocessing.Queue and put the results on another. Every worker
    has ended, with exit code 0, when it returns."""
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=work, args=(handle, tasks, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    items = list(items)
    for item in items:
        tasks.put(item)
    for _ in processes:
        tasks.put(STOP)
    # Read every result before joining: a worker ends only once what it
    # put on the queue has gone through the pipe.
    collected = sorted(results.get() for _ in items)
    for process in processes:
        process.join()
    return collected


def cube(n):
    return n**3


if __name__ == "__main__":
    print(run_workers(range(1, 9), cube, workers=3))
