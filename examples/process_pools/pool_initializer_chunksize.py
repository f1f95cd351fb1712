"""multiprocessing.Pool: an initializer sets up each worker process once,
and chunksize sends several items to a worker in one message."""

import multiprocessing as mp
import os
import signal

factor = None  # set in each worker by init()


def init(value):
    global factor
    factor = value  # e.g. open a connection or load a model, once per worker
    # Ctrl+C reaches every process; let only the parent react to it. A
    # worker interrupted while it holds the pool's queue lock would make
    # the parent's cleanup wait forever.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def scale(n):
    return n * factor, os.getpid()


if __name__ == "__main__":
    with mp.Pool(processes=2, initializer=init, initargs=(10,)) as pool:
        pairs = pool.map(scale, range(12), chunksize=4)
    print("results:", [value for value, _ in pairs])
    # 12 items in chunks of 4: three messages, each handled by one worker.
    chunks = [pairs[i : i + 4] for i in range(0, 12, 4)]
    print(
        "each chunk ran in a single worker:",
        all(len({pid for _, pid in chunk}) == 1 for chunk in chunks),
    )
    print(
        "no item ran in the parent:",
        all(pid != os.getpid() for _, pid in pairs),
    )
    print("factor in the parent is still:", factor)
