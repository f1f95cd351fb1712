"""Predict the order of the lines: three workers sleep for different times
while main waits for all of them with gather()."""

import asyncio


async def worker(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done after {delay} s")


async def main():
    print("main: start")
    await asyncio.gather(worker("A", 0.6), worker("B", 0.3), worker("C", 0))
    print("main: done")


if __name__ == "__main__":
    asyncio.run(main())
