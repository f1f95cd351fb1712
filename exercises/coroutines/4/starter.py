"""The server allows two connections at a time. Make fetch_all() fetch the
pages concurrently, but never more than `limit` at once."""

import asyncio


async def fetch(page):
    await asyncio.sleep(0.1)  # stands in for a network request
    return f"page {page}"


async def fetch_all(pages, limit=2):
    """Fetch every page, at most `limit` at a time; results in page order."""
    # Today one page after another: correct, but slow.
    return [await fetch(page) for page in pages]


if __name__ == "__main__":
    print(asyncio.run(fetch_all(range(6))))
