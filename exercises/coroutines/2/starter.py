"""100 visitors each add 1 to a shared counter, yet the total comes out
wrong. Fix it so that no visit is lost."""

import asyncio

visits = 0


async def visit():
    global visits
    current = visits
    await asyncio.sleep(0)  # stands in for a database round trip
    visits = current + 1


async def count_visits(n):
    """Run n visits at once and return the total."""
    global visits
    visits = 0
    await asyncio.gather(*(visit() for _ in range(n)))
    return visits


if __name__ == "__main__":
    print("visits:", asyncio.run(count_visits(100)))
