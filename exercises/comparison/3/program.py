"""Predict the order of the lines: a blocking call runs in a thread with
asyncio.to_thread() while a coroutine keeps ticking."""

import asyncio
import time


def blocking_read():
    print("read: start")
    time.sleep(0.5)  # a library call with no async version
    print("read: done")
    return "data"


async def ticker():
    # Ticks at 0.15 s and 0.3 s, far from the read's 0 s and 0.5 s.
    for n in (1, 2):
        await asyncio.sleep(0.15)
        print(f"tick {n}")


async def main():
    print("start")
    data, _ = await asyncio.gather(asyncio.to_thread(blocking_read), ticker())
    print("got", data)


if __name__ == "__main__":
    asyncio.run(main())
