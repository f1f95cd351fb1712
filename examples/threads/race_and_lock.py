"""A race condition that really loses updates, and the Lock that fixes it."""

import sys
import threading
import time

THREADS, ROUNDS = 4, 50
balance = 0
lock = threading.Lock()


def deposit_unsafe():
    global balance
    for _ in range(ROUNDS):
        current = balance  # read
        time.sleep(0.001)  # any pause here lets another thread run
        balance = current + 1  # write: overwrites deposits made meanwhile


def deposit_safe():
    global balance
    for _ in range(ROUNDS):
        with lock:  # read and write as one step
            current = balance
            time.sleep(0.001)
            balance = current + 1


def run(target):
    global balance
    balance = 0
    threads = [threading.Thread(target=target) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance


if __name__ == "__main__":
    expected = THREADS * ROUNDS
    got = run(deposit_unsafe)
    # How many updates are lost changes from run to run, so stdout says only
    # whether some were lost; the number goes to stderr.
    lost = "yes" if got < expected else "no"
    print(f"without lock: expected {expected}, lost updates: {lost}")
    print(f"without lock: balance = {got}", file=sys.stderr)
    print(f"with lock:    expected {expected}, got {run(deposit_safe)}")
