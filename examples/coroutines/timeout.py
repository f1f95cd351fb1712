"""Timeouts in asyncio: asyncio.timeout() (Python 3.11+) and
asyncio.wait_for() cancel the slow work and raise TimeoutError."""
# requires: Python 3.11

import asyncio
import sys

if sys.version_info < (3, 11):
    sys.exit("This example needs Python 3.11 or newer (asyncio.timeout).")


async def slow(log):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append("slow() was cancelled and cleaned up")
        raise


async def main():
    log = []
    try:
        async with asyncio.timeout(0.2):
            await slow(log)
    except TimeoutError:
        print("asyncio.timeout: TimeoutError after 0.2 s")
    print(log)

    try:
        await asyncio.wait_for(slow(log), timeout=0.2)
    except TimeoutError:  # asyncio.TimeoutError is the same class since 3.11
        print("asyncio.wait_for: TimeoutError after 0.2 s")
    print(log)

    async with asyncio.timeout(0.5):  # enough time: no error
        await asyncio.sleep(0.1)
    print("fast enough: no timeout")


if __name__ == "__main__":
    asyncio.run(main())
