"""An Event lets threads wait until another thread says "go"."""

import threading

go = threading.Event()
lock = threading.Lock()
started = []


def runner(name):
    go.wait()  # blocks until go.set()
    with lock:
        started.append(name)


if __name__ == "__main__":
    threads = [
        threading.Thread(target=runner, args=(f"r{i}",)) for i in range(3)
    ]
    try:
        for t in threads:
            t.start()
        print("event set:", go.is_set())
        print(
            "wait with timeout returns:", go.wait(timeout=0.1)
        )  # False: not set
        print("runners still waiting:", sum(t.is_alive() for t in threads))
        print("main: go!")
    finally:
        go.set()  # in finally, so Ctrl+C cannot leave the runners waiting
    for t in threads:
        t.join()
    print("runners that went:", sorted(started))  # the wake-up order varies
