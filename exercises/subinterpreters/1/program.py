"""Predict what it prints: four threads add to one counter under a lock.
Would a free-threaded build (no GIL) print something else?"""

import threading

counter = 0
lock = threading.Lock()


def add(times):
    global counter
    for _ in range(times):
        with lock:  # read and write as one step, GIL or no GIL
            counter += 1


if __name__ == "__main__":
    threads = [threading.Thread(target=add, args=(20_000,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("counter =", counter)
