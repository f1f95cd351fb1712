"""Workers send back big reports through a queue; the parent waits for
ever."""

import multiprocessing

REPORT_SIZE = 1_000_000  # characters: far more than a pipe holds


def make_report(n, reports):
    reports.put((n, str(n) * REPORT_SIZE))


def main():
    reports = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=make_report, args=(n, reports))
        for n in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    received = sorted(reports.get() for _ in workers)
    for n, report in received:
        print(f"report {n}: {len(report)} characters")


if __name__ == "__main__":
    main()
