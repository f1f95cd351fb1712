"""Two threads take two locks in opposite order and deadlock;
acquire(timeout=...) detects it, and one fixed lock order prevents it."""

import threading

lock_a, lock_b = threading.Lock(), threading.Lock()


def transfer(name, first, second, barrier, report):
    with first:
        if barrier:
            # Both now hold their first lock: deadlock is certain.
            barrier.wait()
        got_it = second.acquire(
            timeout=0.5
        )  # a plain acquire() would wait forever
        if barrier:
            barrier.wait()  # both have tried before either lets go
        if got_it:
            second.release()
            report[name] = "done"
        else:
            report[name] = (
                "timed out waiting for the second lock: deadlock, backing off"
            )


def run(orders, barrier=None):
    report = {}
    # Daemon threads: Ctrl+C can end the program even while one of them
    # waits at the barrier for a thread that never started.
    threads = [
        threading.Thread(
            target=transfer,
            args=(name, first, second, barrier, report),
            daemon=True,
        )
        for name, (first, second) in orders.items()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name in sorted(report):
        print(f"  {name}: {report[name]}")


if __name__ == "__main__":
    print("opposite order (t1: A then B, t2: B then A):")
    run({"t1": (lock_a, lock_b), "t2": (lock_b, lock_a)}, threading.Barrier(2))
    print("same order (both: A then B):")
    run({"t1": (lock_a, lock_b), "t2": (lock_a, lock_b)})
