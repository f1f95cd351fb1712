"""Square numbers in worker processes, under every start method."""

import multiprocessing


def square(n, results):
    results.put((n, n * n))


def main():
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


# spawn and forkserver start each child by importing this file: only the
# parent, which runs it as a program, may start the workers.
if __name__ == "__main__":
    main()
