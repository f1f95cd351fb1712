"""Checks for the blocked loop: the reader's code is `exercise`."""

import asyncio
import time


async def check_results(exercise):
    results = await exercise.download_all()
    expected = ["a: done", "b: done", "c: done"]
    assert list(results) == expected, f"got {results!r}, not {expected!r}"


async def check_concurrent(exercise):
    start = time.perf_counter()
    await exercise.download_all()
    seconds = time.perf_counter() - start
    # Together 0.3 s; one after another 0.9 s. The margin is for a slow
    # machine.
    assert seconds < 0.6, f"took {seconds:.2f} s, not about 0.3 s"


async def check_loop_stays_free(exercise):
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.ensure_future(ticker())
    try:
        await exercise.download_all()
    finally:
        task.cancel()
    # A free loop runs the ticker about 6 times in 0.3 s.
    assert ticks >= 3, f"another task ran only {ticks} times meanwhile"
