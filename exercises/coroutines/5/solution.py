"""ask() waits for a reply that may never come. Make ask_with_timeout()
give up after `seconds` and return None instead of waiting forever."""

import asyncio


async def ask(reply_after):
    await asyncio.sleep(reply_after)  # a server that may be slow, or gone
    return "reply"


async def ask_with_timeout(reply_after, seconds):
    """The reply, or None when none came within `seconds`."""
    try:
        # wait_for cancels ask() when time is up (asyncio.timeout() does
        # the same from Python 3.11).
        return await asyncio.wait_for(ask(reply_after), seconds)
    except asyncio.TimeoutError:
        return None


if __name__ == "__main__":
    print(asyncio.run(ask_with_timeout(0.1, seconds=1)))
    print(asyncio.run(ask_with_timeout(60, seconds=0.2)))
