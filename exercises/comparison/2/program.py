"""Predict the order of the lines: two coroutines print two steps each,
first with no await between the steps, then with one."""

import asyncio


async def worker(name, yield_between_steps):
    for step in (1, 2):
        print(f"{name}{step}")
        if yield_between_steps:
            await asyncio.sleep(0)  # hands control back to the event loop


async def main():
    print("no await between steps:")
    await asyncio.gather(worker("A", False), worker("B", False))
    print("await asyncio.sleep(0) between steps:")
    await asyncio.gather(worker("A", True), worker("B", True))


if __name__ == "__main__":
    asyncio.run(main())
