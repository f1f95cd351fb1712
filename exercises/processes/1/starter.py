"""Square numbers in worker processes: fine under fork, not under spawn."""

import multiprocessing


def square(n, results):
    results.put((n, n * n))


results = multiprocessing.Queue()
workers = [
    multiprocessing.Process(target=square, args=(n, results))
    for n in range(1, 5)
]
for worker in workers:
    worker.start()
squares = sorted(results.get() for _ in workers)
for worker in workers:
    worker.join()
for n, n_squared in squares:
    print(n, "squared is", n_squared)
