"""Predict what it prints: a coroutine, a thread and a process each add 1
to the same global variable."""

import asyncio
import multiprocessing
import threading

counter = 0


def bump():
    global counter
    counter += 1


async def bump_in_a_coroutine():
    bump()


if __name__ == "__main__":
    asyncio.run(bump_in_a_coroutine())
    print("after a coroutine:", counter)
    thread = threading.Thread(target=bump)
    thread.start()
    thread.join()
    print("after a thread:", counter)
    process = multiprocessing.Process(target=bump)
    process.start()
    process.join()
    print("after a process:", counter)
