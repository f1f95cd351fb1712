"""Worker tasks take jobs from an asyncio.Queue; queue.join() waits until
every job is done, then the idle workers are cancelled."""

import asyncio


async def worker(name, jobs, results):
    while True:
        n = await jobs.get()
        await asyncio.sleep(0.05 * (n % 3 + 1))  # jobs take different times
        results.append((n, name))
        jobs.task_done()


async def main():
    jobs, results = asyncio.Queue(), []
    for n in range(9):
        jobs.put_nowait(n)
    workers = [
        asyncio.create_task(worker(f"w{i}", jobs, results)) for i in range(3)
    ]
    loop = asyncio.get_running_loop()
    start = loop.time()
    await jobs.join()  # every put() matched by a task_done()
    elapsed = loop.time() - start
    for w in workers:
        w.cancel()  # workers loop forever; stop them
    await asyncio.gather(*workers, return_exceptions=True)
    print("jobs done:", sorted(n for n, _ in results))  # who did which varies
    print("workers used:", sorted({name for _, name in results}))
    # 9 jobs, 0.9 s of waiting in all, shared by 3 workers: about 0.3 s.
    print("faster than one worker would be:", elapsed < 0.9)


if __name__ == "__main__":
    asyncio.run(main())
