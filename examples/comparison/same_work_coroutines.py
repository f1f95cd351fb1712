"""The comparison page's workload as coroutines: two jobs, each a stretch
of computing and then a wait. One thread runs both, so their computing
takes turns while their waits overlap."""

import asyncio

COUNT = 4_000_000  # about 0.1 s of pure Python: long enough to see
WAIT = 0.3  # s, standing in for a network reply


def compute(n):
    while n:
        n -= 1


async def job(name):
    compute(COUNT)  # holds the event loop: no await inside
    await asyncio.sleep(WAIT)  # the loop runs the other job meanwhile
    return f"job {name}: computed, then waited {WAIT} s"


async def main():
    for line in await asyncio.gather(job("A"), job("B")):
        print(line)


asyncio.run(main())
