"""ask() waits for a reply that may never come. Make ask_with_timeout()
give up after `seconds` and return None instead of waiting forever."""

import asyncio


async def ask(reply_after):
    await asyncio.sleep(reply_after)  # a server that may be slow, or gone
    return "reply"


async def ask_with_timeout(reply_after, seconds):
    """The reply, or None when none came within `seconds`."""
    return await ask(reply_after)


if __name__ == "__main__":
    print(asyncio.run(ask_with_timeout(0.1, seconds=1)))
    print(asyncio.run(ask_with_timeout(60, seconds=0.2)))
