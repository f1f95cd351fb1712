"""Predict the order of the lines: join() with a timeout returns before the
thread is done. Does it stop the thread?"""

import threading
import time


def slow():
    print("slow: started")
    time.sleep(0.5)
    print("slow: done")


if __name__ == "__main__":
    thread = threading.Thread(target=slow)
    thread.start()
    thread.join(timeout=0.1)  # 0.1 s against 0.5 s: far apart on any machine
    print("main: join returned, alive =", thread.is_alive())
    thread.join()
    print("main: alive =", thread.is_alive())
