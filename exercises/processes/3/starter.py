"""Worker processes fed by a queue, shut down cleanly when work runs out."""

import multiprocessing


def run_workers(items, handle, workers):
    """Return sorted(handle(item) for item in items), computed by
    `workers` worker processes that take the items from one
    multiprocessing.Queue and put the results on another. Every worker
    has ended, with exit code 0, when it returns."""
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    # TODO: start the workers (a module-level function as their target),
    # put the items on `tasks`, tell each worker to stop when they run
    # out, collect one result per item, then join the workers.
    raise NotImplementedError


def cube(n):
    return n**3


if __name__ == "__main__":
    print(run_workers(range(1, 9), cube, workers=3))
