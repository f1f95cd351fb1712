"""Workers send back big reports through a queue, read before joining."""

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
    # A worker ends only once its report is through the pipe, and the
    # pipe empties only as the parent reads: read first, then join.
    received = sorted(reports.get() for _ in workers)
    for worker in workers:
        worker.join()
    for n, report in received:
        print(f"report {n}: {len(report)} characters")


if __name__ == "__main__":
    main()
