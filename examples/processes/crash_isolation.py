"""A child process that crashes does not take its parent down: the parent
sees an exit code and carries on."""

import multiprocessing as mp
import os
import time


def raise_error():
    raise ZeroDivisionError("division by zero")  # traceback goes to stderr


def exit_abruptly():
    os._exit(7)  # ends at once: no cleanup, no finally blocks


def hang():
    time.sleep(60)  # the parent kills this one


if __name__ == "__main__":
    for target in (raise_error, exit_abruptly, hang):
        # daemon: ended, not awaited, if the parent exits early (e.g. Ctrl+C)
        p = mp.Process(target=target, daemon=True)
        p.start()
        if target is hang:
            p.kill()  # SIGKILL on POSIX: the child cannot catch it
        p.join()
        # -9 means "killed by signal 9" (POSIX only; Windows shows a
        # positive code).
        print(f"child {target.__name__}: exitcode = {p.exitcode}")
    print("parent is still running: 2 + 2 =", 2 + 2)
