"""Checks for the lost visits: the reader's code is `exercise`."""


async def check_no_visit_lost(exercise):
    total = await exercise.count_visits(100)
    assert total == 100, f"count_visits(100) returned {total}, not 100"


async def check_counts_again(exercise):
    # 300, not more: WebKit (Safari) turns the event loop slowly.
    await exercise.count_visits(10)
    total = await exercise.count_visits(300)
    assert total == 300, f"count_visits(300) returned {total}, not 300"
