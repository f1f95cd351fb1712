"""The server allows two connections at a time. Make fetch_all() fetch the
pages concurrently, but never more than `limit` at once."""

import asyncio


async def fetch(page):
    await asyncio.sleep(0.1)  # stands in for a network request
    return f"page {page}"


async def fetch_all(pages, limit=2):
    """Fetch every page, at most `limit` at a time; results in page order."""
    semaphore = asyncio.Semaphore(limit)

    async def fetch_limited(page):
        async with semaphore:  # waits while `limit` fetches are running
            return await fetch(page)

    return list(await asyncio.gather(*(fetch_limited(p) for p in pages)))


if __name__ == "__main__":
    print(asyncio.run(fetch_all(range(6))))
