"""asyncio.Semaphore limits how many tasks run a section at once, e.g. to
stay under a server's connection limit."""

import asyncio

inside = peak = 0


async def download(n, limit):
    global inside, peak
    async with limit:  # waits here while 2 tasks are inside
        inside += 1
        peak = max(peak, inside)
        await asyncio.sleep(0.1)  # the network call
        inside -= 1
        return n


async def main():
    limit = asyncio.Semaphore(2)  # create it inside the running loop
    results = await asyncio.gather(*(download(n, limit) for n in range(6)))
    print("downloaded:", results)
    print("most at once:", peak)


if __name__ == "__main__":
    asyncio.run(main())
