"""Worker processes take jobs from one multiprocessing.Queue and put results
on another; None tells a worker to stop."""

import multiprocessing as mp


def worker(jobs, results):
    while (n := jobs.get()) is not None:
        results.put((n, n * n))


if __name__ == "__main__":
    jobs, results = mp.Queue(), mp.Queue()
    # daemon: ended, not awaited, if the parent exits early (e.g. Ctrl+C)
    workers = [
        mp.Process(target=worker, args=(jobs, results), daemon=True)
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for n in range(8):
        jobs.put(n)
    for _ in workers:
        jobs.put(None)  # one stop signal per worker
    # Read every result before join(): a child that still has data to flush
    # into a queue does not end.
    got = [results.get() for _ in range(8)]
    for w in workers:
        w.join()
    # Results arrive in the order the workers finish; sort them to compare.
    print("results:", sorted(got))
    print("exitcodes:", [w.exitcode for w in workers])
