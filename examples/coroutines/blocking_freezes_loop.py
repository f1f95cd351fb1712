"""A blocking call such as time.sleep() inside a coroutine freezes the whole
event loop: no other task runs until it returns."""

import asyncio
import time


async def ticker(ticks):
    loop = asyncio.get_running_loop()
    while True:
        ticks.append(loop.time())
        await asyncio.sleep(0.05)


async def count_ticks_during(wait, label):
    ticks = []
    task = asyncio.create_task(ticker(ticks))
    await asyncio.sleep(0.1)  # let the ticker run first
    loop = asyncio.get_running_loop()
    start = loop.time()
    await wait()
    end = loop.time()
    task.cancel()
    during = sum(start < t < end for t in ticks)
    # The exact count depends on timing, so print only none or some.
    print(
        f"{label}: ticks while waiting 0.5 s: "
        f"{'none' if during == 0 else 'some'}"
    )


async def blocking():
    time.sleep(0.5)  # blocks the thread, and so the loop


async def cooperative():
    await asyncio.sleep(0.5)  # suspends this task only


async def main():
    await count_ticks_during(blocking, "time.sleep(0.5)         ")
    await count_ticks_during(cooperative, "await asyncio.sleep(0.5)")


if __name__ == "__main__":
    asyncio.run(main())
