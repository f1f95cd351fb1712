"""The measuring code behind the benchmark notebooks (both languages use it).

This is the package module `ptc.measure`; the site offers it for download as
`_measure.py`, beside each notebook, and it runs there on its own: it needs
only the standard library (psutil for memory, matplotlib for the plots).
Run it on its own to measure everything and print the results as JSON:

    python _measure.py

The site keeps the last results in docs/data/measurements.json; the notebooks
read that file (the build names it in PTC_MEASUREMENTS) and draw the plots.
A downloaded notebook with no `measurements.json` beside it measures on the
reader's machine instead (see `load`).
"""

from __future__ import annotations

# Only light modules at the top: spawn and forkserver children import this
# file, and whatever it imports would count as their start-up time and memory.
import json
import multiprocessing as mp
import os
import queue
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("PTC_MEASUREMENTS") or os.path.join(HERE, "measurements.json")
MiB = 1024 * 1024

# The notebook (zh source name) and heading id that explain each figure.
COSTS = "benchmarks/costs.py"
SCALING = "benchmarks/scaling.py"

# Modest sizes: measuring everything takes about 30 s on 2 cores. Every
# figure is the median of `rounds` runs, its range their lowest and highest.
PARAMS = {
    "rounds": 5,
    "create_threads": 200,
    "create_processes": {"fork": 20, "forkserver": 10, "spawn": 3},
    "create_tasks": 2000,
    "subinterpreters": 10,
    "handoffs": 2000,
    "generator_sends": 100_000,
    "idle_threads": 1000,
    "idle_tasks": 10000,
    "idle_children": 3,
    "cpu_loop": 2_500_000,
    "io_waits": 100,
    "io_wait_s": 0.05,
    "io_pool": 32,
    "io_counts": [10, 100, 1000, 10000],
}
# Cheapest first, as the plots show them; only those this system has.
START_METHODS = tuple(
    m for m in ("fork", "forkserver", "spawn") if m in mp.get_all_start_methods()
)


# ---------------------------------------------------------------- helpers


def spread(samples, unit, source, anchor, **extra):
    """The median of the rounds, with the lowest and the highest as its range."""
    import statistics

    return {
        "value": statistics.median(samples),
        "low": min(samples),
        "high": max(samples),
        "n": len(samples),
        "unit": unit,
        "source": source,
        "anchor": anchor,
        **extra,
    }


def environment():
    """What the numbers depend on; every notebook page shows it."""
    import platform
    import sysconfig
    from datetime import datetime, timezone

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(
                ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    gil_on = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "build": " ".join(platform.python_build()) + ", " + platform.python_compiler(),
        "pgo": "--enable-optimizations"
        in (sysconfig.get_config_var("CONFIG_ARGS") or ""),
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil": "on" if gil_on else "off",
        "start_method": mp.get_start_method(),
        "os": platform.platform(terse=True),
        "load_average": load,
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _child(*args, timeout=120):
    """Run one measurement in a fresh interpreter, so earlier runs cannot skew it."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-B", os.path.abspath(__file__), *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return json.loads(out.stdout)


# --------------------------------------------------------------- creation
# Every unit runs time.sleep(0): a builtin, so a spawned child imports nothing
# of ours and we time the start method itself.


def _start_and_join(make, n):
    """Seconds per unit to create, start and join `n` units made by `make`."""
    t0 = time.perf_counter()
    for _ in range(n):
        unit = make(target=time.sleep, args=(0,))
        unit.start()
        unit.join()
    return (time.perf_counter() - t0) / n


def create_thread(n):
    """Seconds to create, start and join one thread."""
    return _start_and_join(threading.Thread, n)


def create_process(method, n):
    """Seconds to create, start and join one process with this start method."""
    ctx = mp.get_context(method)
    _start_and_join(ctx.Process, 1)  # warm-up: starts the fork server
    return _start_and_join(ctx.Process, n)


def create_task(n):
    """Seconds to create one asyncio task and await it."""
    import asyncio

    async def main():
        t0 = time.perf_counter()
        for _ in range(n):
            await asyncio.create_task(asyncio.sleep(0))
        return (time.perf_counter() - t0) / n

    return asyncio.run(main())


SUBINTERPRETER = """
import sys, time
try:
    import _interpreters as interp  # 3.13+
    create = interp.create
except ImportError:
    import _xxsubinterpreters as interp  # 3.12
    create = lambda: interp.create(isolated=True)
n, rounds = int(sys.argv[1]), int(sys.argv[2])
interp.destroy(create())
for _ in range(rounds):
    t0 = time.perf_counter()
    for _ in range(n):
        interp.destroy(create())
    print((time.perf_counter() - t0) / n)
"""


def newer_python():
    """A CPython 3.12+ that has subinterpreters, or None."""
    import glob

    if sys.version_info >= (3, 12):
        return sys.executable
    if os.environ.get("PTC_SUBINTERPRETER_PYTHON"):
        return os.environ["PTC_SUBINTERPRETER_PYTHON"]
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = glob.glob(os.path.join(root, "versions", "3.1[2-9].*", "bin", "python3"))
    return sorted(found)[-1] if found else None


def create_subinterpreter(n, rounds):
    """Seconds per create + destroy of an isolated subinterpreter, and the Python."""
    import subprocess

    python = newer_python()
    if python is None:
        return None, None
    script = SUBINTERPRETER + "import platform; print(platform.python_version())"
    out = subprocess.run(
        [python, "-c", script, str(n), str(rounds)], capture_output=True, text=True
    )
    if out.returncode != 0:
        return None, None
    *times, version = out.stdout.split()
    return [float(x) for x in times], version


def measure_creation(p=PARAMS):
    r = p["rounds"]
    samples = {
        "thread": [create_thread(p["create_threads"]) for _ in range(r)],
        "task": [create_task(p["create_tasks"]) for _ in range(r)],
    }
    for method in START_METHODS:
        n = p["create_processes"][method]
        samples[f"process.{method}"] = [create_process(method, n) for _ in range(r)]
    figures = {
        f"create.{k}": spread(v, "s", COSTS, "creation") for k, v in samples.items()
    }
    sub, version = create_subinterpreter(p["subinterpreters"], r)
    if sub:
        samples["subinterpreter"] = sub
        figures["create.subinterpreter"] = spread(
            sub, "s", COSTS, "creation", python=version
        )
    else:
        figures["create.subinterpreter"] = {
            "value": None,
            "unit": "s",
            "source": COSTS,
            "anchor": "creation",
            "na": {"zh": "需 Python 3.12+", "en": "needs Python 3.12+"},
        }
    return samples, figures


# --------------------------------------------------------------- hand-off
# Ping-pong: one side sends, the other echoes; a hand-off is half a round trip.


def _seconds_per_handoff(send, receive, n):
    t0 = time.perf_counter()
    for i in range(n):
        send(i)
        receive()
    return (time.perf_counter() - t0) / (2 * n)


def _with_echo(worker, send, receive, n):
    """Start `worker`, which echoes what it receives until None, and time it."""
    worker.start()
    send(0)  # wait until the worker answers
    receive()
    seconds = _seconds_per_handoff(send, receive, n)
    send(None)
    worker.join()
    return seconds


def handoff_thread(n):
    """Seconds per hand-off between two threads (queue.SimpleQueue)."""
    ping, pong = queue.SimpleQueue(), queue.SimpleQueue()

    def echo():
        while (x := ping.get()) is not None:
            pong.put(x)

    return _with_echo(threading.Thread(target=echo), ping.put, pong.get, n)


def _echo(conn):
    while (x := conn.recv()) is not None:
        conn.send(x)


def handoff_process(n):
    """Seconds per hand-off between two processes (multiprocessing.Pipe)."""
    here, there = mp.Pipe()
    child = mp.Process(target=_echo, args=(there,))
    return _with_echo(child, here.send, here.recv, n)


def handoff_task(n):
    """Seconds per hand-off between two asyncio tasks (asyncio.Queue)."""
    import asyncio

    async def main():
        ping, pong = asyncio.Queue(), asyncio.Queue()

        async def echo():
            while (x := await ping.get()) is not None:
                await pong.put(x)

        t = asyncio.create_task(echo())
        t0 = time.perf_counter()
        for i in range(n):
            await ping.put(i)
            await pong.get()
        dt = time.perf_counter() - t0
        await ping.put(None)
        await t
        return dt / (2 * n)

    return asyncio.run(main())


def switch_generator(n):
    """Seconds per send() into a bare generator and back: a switch of Python
    frames with no event loop, no queue and no kernel."""

    def echo():
        x = None
        while True:
            x = yield x

    gen = echo()
    next(gen)
    t0 = time.perf_counter()
    for i in range(n):
        gen.send(i)
    return (time.perf_counter() - t0) / n


def measure_handoff(p=PARAMS):
    n, r = p["handoffs"], p["rounds"]
    samples = {
        "thread": [handoff_thread(n) for _ in range(r)],
        "process": [handoff_process(n) for _ in range(r)],
        "task": [handoff_task(n) for _ in range(r)],
    }
    figures = {
        f"handoff.{k}": spread(v, "s", COSTS, "handoff") for k, v in samples.items()
    }
    sends = [switch_generator(p["generator_sends"]) for _ in range(r)]
    figures["switch.generator"] = spread(sends, "s", COSTS, "handoff")
    return {**samples, "generator": sends}, figures


# ----------------------------------------------------------------- memory
# RSS counts every page a process can touch, shared ones too; USS counts only
# its private pages, PSS shares the shared ones out. A forked child shares
# most of its parent's pages (copy-on-write), so its RSS overstates its cost.


def _memory():
    import psutil

    info = psutil.Process().memory_full_info()
    return info.rss, info.uss


def idle_units(kind, n):
    """Bytes of RSS and USS that n idle threads or tasks add to this process."""
    rss0, uss0 = _memory()
    if kind == "threads":
        stop = threading.Event()
        threads = [threading.Thread(target=stop.wait) for _ in range(n)]
        for t in threads:
            t.start()
        rss1, uss1 = _memory()
        stop.set()
        for t in threads:
            t.join()
    else:
        import asyncio

        async def main():
            stop = asyncio.Event()
            tasks = [asyncio.create_task(stop.wait()) for _ in range(n)]
            await asyncio.sleep(0)  # every task starts and blocks
            used = _memory()
            stop.set()
            await asyncio.gather(*tasks)
            return used

        rss1, uss1 = asyncio.run(main())
    return {"n": n, "rss": rss1 - rss0, "uss": uss1 - uss0}


def _idle_child(ready, stop):
    ready.set()
    stop.wait()


def idle_children(method, n):
    """RSS, USS and PSS in bytes of n idle child processes started with this method."""
    import psutil

    ctx = mp.get_context(method)
    stop = ctx.Event()
    readies = [ctx.Event() for _ in range(n)]
    procs = [ctx.Process(target=_idle_child, args=(r, stop)) for r in readies]
    for p in procs:
        p.start()
    for r in readies:
        r.wait()
    result = []
    for p in procs:
        info = psutil.Process(p.pid).memory_full_info()
        result.append({"rss": info.rss, "uss": info.uss, "pss": info.pss})
    stop.set()
    for p in procs:
        p.join()
    return result


def measure_memory(p=PARAMS):
    rounds = p["rounds"]
    per_unit = {
        "thread": [_child("idle", "threads", p["idle_threads"]) for _ in range(rounds)],
        "task": [_child("idle", "tasks", p["idle_tasks"]) for _ in range(rounds)],
    }
    figures = {}
    for kind, runs in per_unit.items():
        for what in ("rss", "uss"):
            figures[f"memory.{kind}.{what}"] = spread(
                [r[what] / r["n"] for r in runs], "B", COSTS, "memory"
            )
    children = {}
    for method in START_METHODS:
        children[method] = kids = idle_children(method, p["idle_children"])
        for what in ("rss", "uss", "pss"):
            figures[f"memory.process.{method}.{what}"] = spread(
                [k[what] for k in kids], "B", COSTS, "memory"
            )
    return {"per_unit": per_unit, "children": children}, figures


# ------------------------------------------------------------- CPU-bound


def burn(n):
    """Pure-Python work: it holds the GIL the whole time."""
    x = 0
    for i in range(n):
        x += i * i
    return x


def cpu_time(pool, workers, total):
    """Seconds for `workers` workers to share `total` loop steps."""
    t0 = time.perf_counter()
    list(pool.map(burn, [total // workers] * workers))
    return time.perf_counter() - t0


def measure_cpu(p=PARAMS):
    """The same work split over 1..N workers: threads against processes.

    Each round times every worker count once, so a burst of load from other
    programs hits all of them alike rather than one."""
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    cores = os.cpu_count() or 1
    counts = list(range(1, max(4, cores) + 1))
    pools = {}
    for k in counts:
        pools["threads", k] = ThreadPoolExecutor(k)
        pools["processes", k] = ProcessPoolExecutor(k)
        list(pools["processes", k].map(time.sleep, [0.05] * k))  # start them all
    times = {"threads": {k: [] for k in counts}, "processes": {k: [] for k in counts}}
    try:
        for _ in range(p["rounds"]):
            for k in counts:
                for kind in times:
                    times[kind][k].append(cpu_time(pools[kind, k], k, p["cpu_loop"]))
    finally:
        for pool in pools.values():
            pool.shutdown()
    at = min(cores, counts[-1])
    figures = {}
    for kind, t in times.items():
        speedups = [one / many for one, many in zip(t[1], t[at], strict=True)]
        figures[f"cpu.{kind}.speedup"] = spread(
            speedups, "x", SCALING, "cpu-bound", workers=at
        )
    series = {kind: {str(k): v for k, v in t.items()} for kind, t in times.items()}
    return {"workers": counts, "seconds": series}, figures


# -------------------------------------------------------------- I/O-bound
# A wait is time.sleep / asyncio.sleep: it stands for a network or disk call.


def io_sequential(n, wait):
    t0 = time.perf_counter()
    for _ in range(n):
        time.sleep(wait)
    return time.perf_counter() - t0


def io_threads(n, wait, workers):
    from concurrent.futures import ThreadPoolExecutor

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(time.sleep, [wait] * n))
    return time.perf_counter() - t0


def io_gather(n, wait):
    import asyncio

    async def main():
        t0 = time.perf_counter()
        await asyncio.gather(*(asyncio.sleep(wait) for _ in range(n)))
        return time.perf_counter() - t0

    return asyncio.run(main())


def concurrent_waits(kind, n, wait):
    """Seconds for n concurrent waits (one thread or one task each), and the
    peak growth of RSS in bytes, sampled every millisecond meanwhile."""
    import asyncio  # noqa: F401  (imported before the clock starts, for both kinds)

    import psutil

    me = psutil.Process()
    rss0 = peak = me.memory_info().rss
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.wait(0.001):
            peak = max(peak, me.memory_info().rss)

    sampler = threading.Thread(target=sample)
    sampler.start()
    t0 = time.perf_counter()
    if kind == "tasks":
        io_gather(n, wait)
    else:
        threads = [threading.Thread(target=time.sleep, args=(wait,)) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    return {"seconds": seconds, "rss": max(peak, me.memory_info().rss) - rss0}


def measure_io(p=PARAMS):
    n, wait, r = p["io_waits"], p["io_wait_s"], p["rounds"]
    samples = {
        "sequential": [io_sequential(n, wait) for _ in range(2)],
        "threads": [io_threads(n, wait, p["io_pool"]) for _ in range(r)],
        "gather": [io_gather(n, wait) for _ in range(r)],
    }
    figures = {
        f"io.{k}": spread(v, "s", SCALING, "io-bound", waits=n, wait_s=wait)
        for k, v in samples.items()
    }
    figures["io.threads"]["workers"] = p["io_pool"]
    scaling = {}
    for kind in ("threads", "tasks"):
        scaling[kind] = {str(c): _child("waits", kind, c, wait) for c in p["io_counts"]}
    return {"compare": samples, "scaling": scaling}, figures


# ------------------------------------------------------------------- all


def measure_all(p=PARAMS):
    t0 = time.perf_counter()
    env = environment()  # the load average before we add our own
    series, figures = {}, {}
    for name, measure in [
        ("creation", measure_creation),
        ("handoff", measure_handoff),
        ("memory", measure_memory),
        ("cpu", measure_cpu),
        ("io", measure_io),
    ]:
        series[name], more = measure(p)
        figures.update(more)
    return {
        "env": env,
        "params": p,
        "seconds": round(time.perf_counter() - t0, 1),
        "series": series,
        "figures": dict(sorted(figures.items())),
    }


def load(path=DATA):
    """The site's last results; measure here and now if there are none."""
    if os.environ.get("PTC_MEASURE") == "1" or not os.path.exists(path):
        # In a child: spawn and forkserver children import the caller's
        # __main__ again, and a notebook run as a script would rerun itself.
        print("no measurements.json here: measuring on this machine (about 1 min)")
        return _child("all", timeout=900)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------- display
# Used by the notebooks: tables and plots in the page's language.

TEXT = {
    "zh": {
        "cpu": "CPU",
        "cores": "核心数",
        "python": "Python",
        "build": "构建",
        "gil": "GIL",
        "start_method": "默认启动方式",
        "load_average": "负载（1/5/15 分钟）",
        "measured_at": "测量时间",
        "os": "系统",
        "pgo": "PGO 优化",
        "free_threaded": "自由线程构建",
        "yes": "是",
        "no": "否",
        "on": "开启",
        "off": "关闭",
        "figure": "指标",
        "median": "中位数",
        "range": "范围（最低–最高）",
        "runs": "轮数",
        "thread": "线程",
        "task": "asyncio 任务",
        "process": "进程",
        "process.fork": "进程 fork",
        "process.forkserver": "进程 forkserver",
        "process.spawn": "进程 spawn",
        "subinterpreter": "子解释器",
        "threads": "线程",
        "processes": "进程",
        "tasks": "asyncio 任务",
        "generator": "生成器 send()",
        "per_unit": "每个单位的耗时（对数轴）",
        "handoff_axis": "每次交接（微秒）",
        "memory_unit": "每个线程 / 任务（KiB）",
        "memory_child": "每个空闲子进程（MiB）",
        "workers": "工作者数量",
        "seconds": "耗时（秒）",
        "speedup": "加速比（相对 1 个工作者）",
        "ideal": "理想",
        "waits": "并发等待数",
        "memory_growth": "内存增长（MiB，RSS）",
        "sequential": "顺序",
        "pool": "线程池（{} 个线程）",
        "gather": "asyncio.gather",
        "io_axis": "{} 次 {} 毫秒等待的总耗时（秒，对数轴）",
        "na": "无",
    },
    "en": {
        "cpu": "CPU",
        "cores": "Cores",
        "python": "Python",
        "build": "Build",
        "gil": "GIL",
        "start_method": "Default start method",
        "load_average": "Load average (1/5/15 min)",
        "measured_at": "Measured at",
        "os": "OS",
        "pgo": "PGO build",
        "free_threaded": "Free-threaded build",
        "yes": "yes",
        "no": "no",
        "on": "on",
        "off": "off",
        "figure": "Figure",
        "median": "Median",
        "range": "Range (lowest–highest)",
        "runs": "Runs",
        "thread": "thread",
        "task": "asyncio task",
        "process": "process",
        "process.fork": "process, fork",
        "process.forkserver": "process, forkserver",
        "process.spawn": "process, spawn",
        "subinterpreter": "subinterpreter",
        "threads": "threads",
        "processes": "processes",
        "tasks": "asyncio tasks",
        "generator": "generator send()",
        "per_unit": "time per unit (log scale)",
        "handoff_axis": "per hand-off (µs)",
        "memory_unit": "per thread / task (KiB)",
        "memory_child": "per idle child process (MiB)",
        "workers": "workers",
        "seconds": "seconds",
        "speedup": "speed-up over 1 worker",
        "ideal": "ideal",
        "waits": "concurrent waits",
        "memory_growth": "memory growth (MiB, RSS)",
        "sequential": "sequential",
        "pool": "thread pool ({} threads)",
        "gather": "asyncio.gather",
        "io_axis": "total for {} waits of {} ms (s, log scale)",
        "na": "n/a",
    },
}


def fmt(value, unit):
    """A figure with a unit that fits its size: 5.9 µs, 2.1 ms, 14 KiB, 1.7×."""
    if value is None:
        return None
    if unit == "x":
        return f"{value:.2f}×" if value < 10 else f"{value:,.0f}×"
    if unit == "s":
        steps = ((1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns"))
    else:
        steps = ((1024**3, "GiB"), (MiB, "MiB"), (1024, "KiB"), (1, "B"))
    scale, name = next((st for st in steps if abs(value) >= st[0]), steps[-1])
    v = value / scale
    return f"{v:.3g} {name}"


def fmt_range(fig):
    """'5.9 µs', '5.8–6.0 µs' style pieces for a figure from the data file."""
    return (
        fmt(fig["value"], fig["unit"]),
        fmt(fig["low"], fig["unit"]),
        fmt(fig["high"], fig["unit"]),
    )


def _num(x):
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:.0f}"


def not_available(fig, lang):
    """A figure without a value: 'n/a (needs Python 3.12+)', '无（需 Python 3.12+）'."""
    na, why = TEXT[lang]["na"], fig["na"][lang]
    return f"{na}（{why}）" if lang == "zh" else f"{na} ({why})"


def describe(fig, lang):
    """'2.5 ms (2.44–2.59)': the median, then the range in the same unit."""
    if fig["value"] is None:
        return not_available(fig, lang)
    value = fmt(fig["value"], fig["unit"])
    number, _, unit = value.partition(" ")
    scale = fig["value"] / float(number.rstrip("×").replace(",", ""))
    low, high = (_num(fig[k] / scale) for k in ("low", "high"))
    # No line breaks inside "2.4 ms" or "(1.9–3.2)": no-break space, word joiners.
    if not unit:  # a ratio: "1.98× (1.91–2)"
        return f"{number}\u00a0({low}\u2060–\u2060{high})"
    return f"{number}\u00a0{unit} ({low}\u2060–\u2060{high})"


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def _table(head, rows):
    """An HTML table in a notebook; lines of text when run as a script."""
    if _in_notebook():
        from html import escape

        from IPython.display import HTML

        th = "".join(f"<th>{escape(str(h))}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>"
            for row in rows
        )
        return HTML(f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")
    lines = [head, *rows] if any(head) else rows
    widths = [max(len(str(row[i])) for row in lines) for i in range(len(head))]
    for row in lines:
        print(
            "  ".join(
                str(c).ljust(w) for c, w in zip(row, widths, strict=True)
            ).rstrip()
        )
    print()
    return None


def show_environment(data, lang):
    """The measuring machine, as a table."""
    t, env = TEXT[lang], data["env"]
    rows = []
    for key in (
        "cpu",
        "cores",
        "python",
        "build",
        "pgo",
        "free_threaded",
        "gil",
        "start_method",
        "load_average",
        "os",
        "measured_at",
    ):
        v = env.get(key)
        if isinstance(v, bool):
            v = t["yes"] if v else t["no"]
        elif key == "gil":
            v = t[v]
        elif isinstance(v, list):
            v = " / ".join(map(str, v))
        rows.append((t[key], v))
    return _table(("", ""), rows)


def show_figures(data, keys, lang):
    """The figures the comparison table quotes, with their ranges."""
    t, rows = TEXT[lang], []
    for key in keys:
        fig = data["figures"][key]
        if fig["value"] is None:
            rows.append((key, not_available(fig, lang), "", ""))
            continue
        value, low, high = fmt_range(fig)
        note = f" (Python {fig['python']})" if "python" in fig else ""
        rows.append((key, value + note, f"{low} – {high}", fig["n"]))
    return _table((t["figure"], t["median"], t["range"], t["runs"]), rows)


def setup_plots():
    """SVG output whose text the browser draws, so Chinese labels need no font here."""
    import logging

    import matplotlib

    if _in_notebook():
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg")
    else:  # a script: the figures are drawn, not shown
        matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": [
                "Noto Sans CJK SC",
                "PingFang SC",
                "Microsoft YaHei",
                "DejaVu Sans",
            ],
            "figure.figsize": (7, 3.4),
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def _errors(figs):
    import numpy as np

    v = np.array([f["value"] for f in figs])
    return v, np.array([v - [f["low"] for f in figs], [f["high"] for f in figs] - v])


# What the creation section measures, cheapest first.
CREATION_UNITS = (
    "task",
    "thread",
    "subinterpreter",
    "process.fork",
    "process.forkserver",
    "process.spawn",
)
CREATION_KEYS = [f"create.{unit}" for unit in CREATION_UNITS]
HANDOFF_KEYS = ["handoff.thread", "handoff.process", "handoff.task", "switch.generator"]

# What held in every run on a noisy 2-core machine: each ratio of medians is
# at least this much, and creation is dearest first in this order. The tests
# check them on fresh measurements and on the data file; the comparison page
# states them.
STABLE_RATIOS = {
    ("memory.thread.rss", "memory.task.rss"): 5,
    ("io.sequential", "io.threads"): 15,
    ("io.sequential", "io.gather"): 40,
}
CREATION_ORDER = (
    "create.process.spawn",
    "create.process.forkserver",
    "create.process.fork",
    "create.thread",
    "create.task",
)


def plot_creation(data, lang):
    import matplotlib.pyplot as plt

    t, figs = TEXT[lang], data["figures"]
    names = [n for n in CREATION_UNITS if figs[f"create.{n}"]["value"] is not None]
    v, err = _errors([figs[f"create.{n}"] for n in names])
    fig, ax = plt.subplots()
    ax.barh([t[n] for n in names], v, xerr=err, color="#4c72b0")
    ax.set_xscale("log")
    ax.set_xlabel(t["per_unit"])
    for y, (x, top) in enumerate(zip(v, v + err[1], strict=True)):
        ax.text(top * 1.25, y, fmt(x, "s"), va="center")
    ax.set_xlim(right=(v + err[1]).max() * 10)
    fig.tight_layout()


def plot_handoff(data, lang):
    import matplotlib.pyplot as plt

    t, figs = TEXT[lang], data["figures"]
    names = ["thread", "process", "task"]
    keys = [f"handoff.{n}" for n in names]
    if "switch.generator" in figs:  # data files measured before it lack it
        names, keys = names + ["generator"], keys + ["switch.generator"]
    v, err = _errors([figs[k] for k in keys])
    fig, ax = plt.subplots(figsize=(7, 2.4))
    ax.barh([t[n] for n in names], v * 1e6, xerr=err * 1e6, color="#55a868")
    ax.set_xlabel(t["handoff_axis"])
    fig.tight_layout()


def plot_memory(data, lang):
    import matplotlib.pyplot as plt
    import numpy as np

    t, figs = TEXT[lang], data["figures"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3.4), width_ratios=(2, 3))
    kinds = ["thread", "task"]
    x = np.arange(len(kinds))
    for i, what in enumerate(("rss", "uss")):
        vals = [figs[f"memory.{k}.{what}"]["value"] / 1024 for k in kinds]
        a.bar(x + (i - 0.5) * 0.4, vals, 0.4, label=what.upper())
    a.set_xticks(x, [t[k] for k in kinds])
    a.set_ylabel(t["memory_unit"])
    a.legend()
    x = np.arange(len(START_METHODS))
    for i, what in enumerate(("rss", "pss", "uss")):
        vals = [
            figs[f"memory.process.{m}.{what}"]["value"] / MiB for m in START_METHODS
        ]
        b.bar(x + (i - 1) * 0.27, vals, 0.27, label=what.upper())
    b.set_xticks(x, START_METHODS)
    b.set_ylabel(t["memory_child"])
    b.legend()
    fig.tight_layout()


def plot_cpu(data, lang):
    import statistics

    import matplotlib.pyplot as plt

    t, cpu = TEXT[lang], data["series"]["cpu"]
    workers = cpu["workers"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3.4))
    for kind, style in (("threads", "o-"), ("processes", "s-")):
        med = [statistics.median(cpu["seconds"][kind][str(k)]) for k in workers]
        a.plot(workers, med, style, label=t[kind])
        b.plot(workers, [med[0] / m for m in med], style, label=t[kind])
    b.plot(
        workers,
        [min(k, data["env"]["cores"]) for k in workers],
        ":",
        color="grey",
        label=t["ideal"],
    )
    a.set_xlabel(t["workers"])
    a.set_ylabel(t["seconds"])
    a.set_ylim(bottom=0)
    b.set_xlabel(t["workers"])
    b.set_ylabel(t["speedup"])
    b.set_ylim(bottom=0)
    for ax in (a, b):
        ax.set_xticks(workers)
        ax.legend()
    fig.tight_layout()


def plot_io(data, lang):
    import matplotlib.pyplot as plt

    t, figs, p = TEXT[lang], data["figures"], data["params"]
    names = ["sequential", "threads", "gather"]
    labels = [t["sequential"], t["pool"].format(p["io_pool"]), t["gather"]]
    v, err = _errors([figs[f"io.{n}"] for n in names])
    fig, ax = plt.subplots(figsize=(7, 2.4))
    ax.barh(labels, v, xerr=err, color="#c44e52")
    ax.set_xscale("log")
    ax.set_xlabel(t["io_axis"].format(p["io_waits"], round(p["io_wait_s"] * 1000)))
    for y, (x, top) in enumerate(zip(v, v + err[1], strict=True)):
        ax.text(top * 1.25, y, fmt(x, "s"), va="center")
    ax.set_xlim(right=(v + err[1]).max() * 10)
    fig.tight_layout()


def plot_io_scaling(data, lang):
    import matplotlib.pyplot as plt

    t, sc = TEXT[lang], data["series"]["io"]["scaling"]
    fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3.4))
    for kind, style in (("threads", "o-"), ("tasks", "s-")):
        counts = sorted(int(c) for c in sc[kind])
        a.plot(
            counts, [sc[kind][str(c)]["seconds"] for c in counts], style, label=t[kind]
        )
        grow = [(c, sc[kind][str(c)]["rss"] / MiB) for c in counts]
        grow = [(c, m) for c, m in grow if m > 0]  # below a page: nothing to draw
        b.plot(*zip(*grow, strict=True), style, label=t[kind])
    for ax, label in ((a, t["seconds"]), (b, t["memory_growth"])):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(t["waits"])
        ax.set_ylabel(label)
        ax.legend()
    fig.tight_layout()


def show_source(*functions):
    """Print the measuring code itself, so the page shows what was timed."""
    import inspect

    print("\n\n".join(inspect.getsource(f).rstrip() for f in functions))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "all"
    if command == "idle":  # idle <threads|tasks> <n>
        print(json.dumps(idle_units(sys.argv[2], int(sys.argv[3]))))
    elif command == "create":  # create <thread|task|fork|forkserver|spawn> <n>
        kind, n = sys.argv[2], int(sys.argv[3])
        made = {"thread": create_thread, "task": create_task}.get(kind)
        print(json.dumps(made(n) if made else create_process(kind, n)))
    elif command == "waits":  # waits <threads|tasks> <n> <seconds>
        print(
            json.dumps(
                concurrent_waits(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
            )
        )
    else:
        print(json.dumps(measure_all(), indent=1))
