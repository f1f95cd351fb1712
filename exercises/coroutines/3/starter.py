"""Three downloads should take about 0.3 s together, yet they take 0.9 s.
Find the call that blocks the event loop and fix it."""

import asyncio
import time


async def download(name, seconds):
    time.sleep(seconds)  # stands in for a slow network read
    return f"{name}: done"


async def download_all():
    """Start three downloads at once; return their results in order."""
    return await asyncio.gather(
        download("a", 0.3), download("b", 0.3), download("c", 0.3)
    )


if __name__ == "__main__":
    start = time.perf_counter()
    print(asyncio.run(download_all()))
    print(f"took {time.perf_counter() - start:.1f} s")
