"""Python waits for normal threads before it exits, but not for daemon
threads: they are stopped abruptly when the main thread ends."""

import threading
import time


def heartbeat():
    while True:  # never ends by itself
        time.sleep(0.05)


def job(results):
    time.sleep(0.2)
    results.append("job finished")


if __name__ == "__main__":
    results = []
    daemon = threading.Thread(target=heartbeat, daemon=True)
    worker = threading.Thread(target=job, args=(results,))
    daemon.start()
    worker.start()
    print("daemon.daemon =", daemon.daemon, "| worker.daemon =", worker.daemon)
    worker.join()
    print(results[0])
    print("daemon still running:", daemon.is_alive())
    # Without daemon=True, the endless heartbeat would keep Python from
    # exiting. A daemon thread gets no cleanup: never let one hold files.
    print("main thread ends; the program exits without waiting for the daemon")
