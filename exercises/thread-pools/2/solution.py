"""Ask three servers at once and report; give up on the one that hangs."""

import threading
from concurrent.futures import ThreadPoolExecutor, wait

# How long each pretend server takes to answer, in seconds; None: never.
DELAYS = {"fast": 0.1, "slow": 0.5, "stuck": None}


def fetch(name, stop):
    """Pretend to fetch from server `name`; give up when `stop` is set."""
    delay = DELAYS[name]
    if stop.wait(3600 if delay is None else delay):
        return None  # told to stop before the answer came
    return f"{name}: ok"


def fetch_all(names, timeout):
    """Ask every server at once. Return ({name: answer} for the answers
    that came within `timeout` s, sorted names of the servers that did
    not answer in time), with every thread ended."""
    stop = threading.Event()
    with ThreadPoolExecutor() as pool:
        futures = {name: pool.submit(fetch, name, stop) for name in names}
        # One deadline for them all: wait() returns when it passes.
        done, _ = wait(futures.values(), timeout=timeout)
        # The pool's threads cannot be killed; ask the late ones to stop,
        # or leaving the `with` would wait for them for ever.
        stop.set()
    answers = {
        name: future.result()
        for name, future in futures.items()
        if future in done
    }
    late = sorted(name for name in names if name not in answers)
    return answers, late


if __name__ == "__main__":
    answers, late = fetch_all(["fast", "slow", "stuck"], timeout=4.0)
    for name in sorted(answers):
        print(answers[name])
    print("no answer:", ", ".join(late))
