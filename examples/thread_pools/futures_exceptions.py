"""Futures from a ThreadPoolExecutor: result() re-raises the task's
exception, exception() returns it, and only a task that has not started
yet can be cancelled."""

import threading
from concurrent.futures import ThreadPoolExecutor

started, release = threading.Event(), threading.Event()


def blocker():
    started.set()
    release.wait()  # keeps the only worker busy until main says so
    return "blocker done"


def parse(text):
    return int(text)


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            running = pool.submit(blocker)
            queued = pool.submit(parse, "1")
            started.wait()  # now the worker is surely running blocker()
            print("cancel the running task:", running.cancel())
            print("cancel the queued task: ", queued.cancel())
        finally:
            release.set()
        print("running.result():", running.result())

        good = pool.submit(parse, "42")
        bad = pool.submit(parse, "forty-two")
        print("good.result():", good.result())
        # The exception stays inside the future until someone asks for it.
        print("bad.exception():", repr(bad.exception()))
        try:
            bad.result()
        except ValueError as exc:
            print("bad.result() raised ValueError:", exc)
