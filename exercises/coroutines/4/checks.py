"""Checks for the connection limit: the reader's code is `exercise`. Each
check puts a probe in place of `fetch` that counts the fetches running at
once."""

import asyncio


def probe(exercise):
    counts = {"now": 0, "most": 0}

    async def fetch(page):
        counts["now"] += 1
        counts["most"] = max(counts["most"], counts["now"])
        try:
            await asyncio.sleep(0.02)
            return f"page {page}"
        finally:
            counts["now"] -= 1

    exercise.fetch = fetch
    return counts


async def check_results(exercise):
    probe(exercise)
    results = await exercise.fetch_all(range(6))
    expected = [f"page {n}" for n in range(6)]
    assert list(results) == expected, f"got {results!r}"


async def check_never_over_limit(exercise):
    for limit in (2, 3):
        counts = probe(exercise)
        await exercise.fetch_all(range(9), limit=limit)
        assert counts["most"] <= limit, (
            f"limit={limit}, yet {counts['most']} fetches ran at once"
        )


async def check_uses_the_limit(exercise):
    for limit in (2, 3):
        counts = probe(exercise)
        await exercise.fetch_all(range(9), limit=limit)
        assert counts["most"] == limit, (
            f"limit={limit}, yet at most {counts['most']} ran at once"
        )
