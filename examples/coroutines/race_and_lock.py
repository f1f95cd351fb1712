"""Coroutines can race too: a read-modify-write that spans an await loses
updates, and asyncio.Lock fixes it."""

import asyncio

balance = 0


async def deposit(lock=None):
    global balance
    if lock is None:
        current = balance
        await asyncio.sleep(0)  # any await lets other tasks run here
        balance = current + 1
    else:
        async with lock:  # only one task between read and write
            current = balance
            await asyncio.sleep(0)
            balance = current + 1


async def run(lock=None):
    global balance
    balance = 0
    await asyncio.gather(*(deposit(lock) for _ in range(100)))
    return balance


async def main():
    # Every task reads 0 before any of them writes, so 99 updates are lost.
    print("100 deposits without a lock: balance =", await run())
    print(
        "100 deposits with asyncio.Lock: balance =", await run(asyncio.Lock())
    )


if __name__ == "__main__":
    asyncio.run(main())
