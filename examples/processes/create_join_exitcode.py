"""Start processes, wait for them with join(), and read their exit codes."""

import multiprocessing as mp
import sys
import time


def work(seconds):
    time.sleep(seconds)  # stands in for real work


def finish_with_code():
    sys.exit(3)  # exit code 0 means success; anything else is an error


def crash():
    raise ValueError("boom")  # an uncaught exception gives exit code 1


if __name__ == "__main__":
    p = mp.Process(target=work, args=(0.2,))
    print("before start:", "alive =", p.is_alive(), "exitcode =", p.exitcode)
    p.start()
    print("after start: ", "alive =", p.is_alive(), "exitcode =", p.exitcode)
    p.join()  # blocks until the child ends
    print("after join:  ", "alive =", p.is_alive(), "exitcode =", p.exitcode)

    for target in (finish_with_code, crash):  # the traceback goes to stderr
        p = mp.Process(target=target)
        p.start()
        p.join()
        print(f"{target.__name__}: exitcode = {p.exitcode}")

    # daemon: ended, not awaited, if the parent exits early (e.g. Ctrl+C)
    p = mp.Process(target=work, args=(10,), daemon=True)
    p.start()
    p.terminate()  # sends SIGTERM on POSIX
    p.join()
    # On POSIX a negative exit code is the signal that ended the child
    # (-15 is SIGTERM); on Windows terminate() gives a positive code instead.
    print(f"terminated: exitcode = {p.exitcode}")
