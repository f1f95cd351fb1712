"""asyncio.gather runs coroutines concurrently and returns their results in
the order they were passed, not the order they finished."""

import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)  # stands in for a network call
    return f"{name} after {delay} s"


async def fail():
    await asyncio.sleep(0.1)
    raise ValueError("bad response")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    results = await asyncio.gather(
        fetch("a", 0.3), fetch("b", 0.1), fetch("c", 0.2)
    )
    elapsed = loop.time() - start
    print(results)
    # The waits overlap: about 0.3 s in total, not 0.6 s. Printing a verdict
    # instead of the time keeps the output the same on a slow machine.
    print("took less than the sum of the waits:", elapsed < 0.6)

    # return_exceptions=True puts an exception in the list instead of raising.
    print(
        await asyncio.gather(fetch("d", 0.1), fail(), return_exceptions=True)
    )
    try:
        await asyncio.gather(fetch("e", 0.1), fail())
    except ValueError as exc:
        print("without it, gather raises:", repr(exc))


if __name__ == "__main__":
    asyncio.run(main())
