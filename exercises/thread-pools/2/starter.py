"""Ask three servers at once and report; one of them never answers."""

import threading
from concurrent.futures import ThreadPoolExecutor

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
        answers = {name: future.result() for name, future in futures.items()}
    return answers, []


if __name__ == "__main__":
    answers, late = fetch_all(["fast", "slow", "stuck"], timeout=4.0)
    for name in sorted(answers):
        print(answers[name])
    print("no answer:", ", ".join(late))
