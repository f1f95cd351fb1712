"""asyncio.to_thread() runs a blocking call in a worker thread, so the event
loop keeps running other tasks meanwhile."""

import asyncio
import time


async def ticker(ticks):
    loop = asyncio.get_running_loop()
    while True:
        ticks.append(loop.time())
        await asyncio.sleep(0.05)


def blocking_io():
    time.sleep(0.5)  # e.g. a library call with no async version
    return "blocking_io finished"


async def main():
    ticks = []
    task = asyncio.create_task(ticker(ticks))
    await asyncio.sleep(0.1)
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await asyncio.to_thread(blocking_io)  # the loop stays free
    end = loop.time()
    task.cancel()
    during = sum(start < t < end for t in ticks)
    print(result)
    # The exact count depends on timing, so print only none or some.
    print("ticks while waiting 0.5 s:", "none" if during == 0 else "some")


if __name__ == "__main__":
    asyncio.run(main())
