"""Checks for the timeout: the reader's code is `exercise`."""

import asyncio
import time


async def check_replies_in_time(exercise):
    answer = await exercise.ask_with_timeout(0.05, seconds=1)
    assert answer == "reply", f"got {answer!r}, not 'reply'"


async def check_gives_up(exercise):
    start = time.perf_counter()
    try:
        answer = await asyncio.wait_for(
            exercise.ask_with_timeout(60, seconds=0.1), 1
        )
    except asyncio.TimeoutError:
        raise AssertionError("still waiting after 1 s (seconds=0.1)") from None
    seconds = time.perf_counter() - start
    assert answer is None, f"got {answer!r}, not None"
    assert seconds < 0.5, f"gave up after {seconds:.2f} s, not 0.1 s"


async def check_no_task_left(exercise):
    before = len(asyncio.all_tasks())
    await asyncio.wait_for(exercise.ask_with_timeout(60, seconds=0.05), 1)
    await asyncio.sleep(0)  # let a cancelled task finish
    left = len(asyncio.all_tasks()) - before
    assert left <= 0, f"{left} task(s) still waiting for the reply"
