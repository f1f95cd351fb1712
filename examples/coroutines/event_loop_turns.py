"""Three tasks share one thread: each runs until its next await, then the
event loop gives the turn to whichever task is ready."""

import asyncio


async def worker(name, offset):
    await asyncio.sleep(offset)  # start 0.1 s apart, so turns never tie
    for step in range(1, 7):
        print(f"{name}: step {step}")
        await asyncio.sleep(0.3)  # gives the loop back to the other tasks


async def main():
    await asyncio.gather(worker("A", 0.0), worker("B", 0.1), worker("C", 0.2))
    print("all done, in one thread")


if __name__ == "__main__":
    asyncio.run(main())
