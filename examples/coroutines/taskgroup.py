"""asyncio.TaskGroup (Python 3.11+) waits for all its tasks; if one fails,
it cancels the others and raises an ExceptionGroup."""
# requires: Python 3.11

import asyncio


async def job(name, delay, log):
    try:
        await asyncio.sleep(delay)
        log.append(f"{name} finished")
        return name
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        raise  # always let cancellation continue


async def broken(delay):
    await asyncio.sleep(delay)
    raise ValueError("broken task")


async def main():
    log = []
    async with asyncio.TaskGroup() as tg:
        tasks = [
            tg.create_task(job(n, d, log)) for n, d in (("a", 0.5), ("b", 0.1))
        ]
    print("all succeeded:", [t.result() for t in tasks], log)

    log = []
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("fast", 0.1, log))
            tg.create_task(job("slow", 2.0, log))
            tg.create_task(broken(0.5))
    except* ValueError as group:
        print("caught:", repr(group.exceptions[0]))
    print("log:", log)  # slow was cancelled when broken failed


if __name__ == "__main__":
    asyncio.run(main())
