"""The Python half of the site's code runner. It runs inside Pyodide.

The worker (web/worker.js) and the Node test harness (web/node_run.mjs) load
this file unchanged, so the tests exercise the code readers run.

What it does so that a run behaves as it would under CPython:
- a module-level ``asyncio.run(main())`` becomes ``await main()`` (an AST
  rewrite, line numbers kept), so Stop can cancel it and Node can run it;
- ``time.sleep`` blocks the event loop again (Pyodide swaps in a
  non-blocking sleep when JSPI exists);
- threads, processes, subprocess and ``input()`` raise ``BrowserCannot``,
  whose ``kind`` the page turns into a message in the reader's language;
  what to patch comes from ptc.browser_limits, as ``ptc_limits.json`` beside
  this file (web/runtime.mjs writes it);
- each run gets fresh globals, and tasks left over are cancelled at the end,
  as ``asyncio.run`` does;
- tracebacks start at the reader's code and carry the editor's line numbers.
"""

import ast
import asyncio
import importlib
import json
import linecache
import os
import sys
import time
import traceback
import types

try:
    from pyodide import webloop as _webloop
except ImportError:  # plain CPython: lets the rewrite be unit-tested
    _webloop = None

with open(os.path.join(os.path.dirname(__file__), "ptc_limits.json")) as _f:
    LIMITS = json.load(_f)


class BrowserCannot(RuntimeError):
    """Raised where the browser's Python lacks an OS feature."""

    def __init__(self, kind):
        self.kind = kind
        message = LIMITS["messages"][kind]
        super().__init__(f"{message} Download the example and run it with Python.")


BrowserCannot.__module__ = "builtins"  # the traceback shows "BrowserCannot: ..."


def _cannot(kind):
    def refuse(*args, **kwargs):
        raise BrowserCannot(kind)

    return refuse


def _patch(module, attribute, kind):
    try:
        target = importlib.import_module(module)
    except ImportError:  # pyodide.webloop, on plain CPython
        return
    *owners, name = attribute.split(".")
    for owner in owners:
        target = getattr(target, owner)
    setattr(target, name, _cannot(kind))


def _is_lazy(module):
    return module.split(".")[0] in LIMITS["lazy"]


def _install_patches():
    if _webloop is not None:
        # CPython semantics: time.sleep blocks the whole event loop.
        time.sleep = _webloop._orig_sleep
    # WebLoop.run_in_executor would run the function on the loop, silently.
    for module, attribute, kind in LIMITS["patches"]:
        if not _is_lazy(module):
            _patch(module, attribute, kind)


def _patch_lazy(source):
    # Only for code that names them: importing multiprocessing costs ~80 ms.
    for module, attribute, kind in LIMITS["patches"]:
        if _is_lazy(module) and module.split(".")[0] in source:
            _patch(module, attribute, kind)


def classify(exc):
    """Name the missing browser feature behind an exception, or None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, BrowserCannot):
            return exc.kind
        text = str(exc)
        if isinstance(exc, ModuleNotFoundError) and exc.name in (
            "_multiprocessing",
            "_posixsubprocess",
        ):
            return "processes"
        if isinstance(exc, RuntimeError) and "can't start new thread" in text:
            return "threads"
        if isinstance(exc, NotImplementedError) and _raised_in(exc, "concurrent"):
            return "processes"
        if isinstance(exc, OSError) and exc.errno == 138:
            return "subprocess"
        exc = exc.__cause__ or exc.__context__
    return None


def _raised_in(exc, part):
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and part in tb.tb_frame.f_code.co_filename


class _AsyncioRunToAwait(ast.NodeTransformer):
    """``asyncio.run(x)`` outside any function becomes ``await __ptc_run__(x)``."""

    def __init__(self):
        self.changed = False

    def _skip(self, node):
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _skip

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "run"
            and isinstance(f.value, ast.Name)
            and f.value.id == "asyncio"
            and len(node.args) == 1
        ):
            self.changed = True
            call = ast.Call(
                func=ast.Name(id="__ptc_run__", ctx=ast.Load()),
                args=node.args,
                keywords=node.keywords,
            )
            return ast.Await(value=call)
        return node


def prepare(source, filename):
    """Compile the reader's code; module-level asyncio.run becomes await."""
    tree = ast.parse(source, filename)
    fixer = _AsyncioRunToAwait()
    tree = fixer.visit(tree)
    ast.fix_missing_locations(tree)
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if fixer.changed else 0
    return compile(tree, filename, "exec", flags=flags, dont_inherit=True)


async def _asyncio_run(main, *, debug=None, loop_factory=None):
    """What asyncio.run does, on the already running loop."""
    if not asyncio.iscoroutine(main):
        raise ValueError(f"a coroutine was expected, got {main!r}")
    task = asyncio.ensure_future(main)
    try:
        return await task
    finally:
        await _cancel_leftovers()


async def _cancel_leftovers():
    me = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
    for t in left:
        t.cancel()
    if left:
        await asyncio.gather(*left, return_exceptions=True)


def _print_traceback(exc, filename):
    # Drop the frames above the reader's code and those of this file.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    if tb is not None:
        exc.__traceback__ = tb
    te = traceback.TracebackException.from_exception(exc)
    for part in _chain(te):
        part.stack = traceback.StackSummary.from_list(
            [f for f in part.stack if f.filename != __file__]
        )
    sys.stderr.write("".join(te.format()))


def _chain(te):
    seen = set()
    while te is not None and id(te) not in seen:
        seen.add(id(te))
        yield te
        te = te.__cause__ or te.__context__


# What a task waits on, from the asyncio coroutine it is suspended in.
_WAITS = {
    "sleep": "sleep",
    "Queue.get": "queue",
    "Queue.put": "queue",
    "Queue.join": "queue",
    "Lock.acquire": "lock",
    "Event.wait": "event",
    "Semaphore.acquire": "semaphore",
    "Condition.wait": "condition",
    "Barrier.wait": "barrier",
    "TaskGroup.__aexit__": "tasks",
    "wait_for": "wait_for",
    "wait": "tasks",
}


_ASYNCIO_DIR = os.path.dirname(asyncio.__file__)


def wait_reason(task):
    """What a suspended task waits for: sleep, queue, lock, event,
    semaphore, another task, gather, or a plain future. The outermost
    asyncio call in its await chain names it: ``queue.join()`` waits on an
    Event inside, but the reader's code waits on the queue."""
    reason = None
    obj = task.get_coro()
    for _ in range(200):  # an await chain; a cycle cannot happen, but stop anyway
        code = getattr(obj, "cr_code", None) or getattr(obj, "gi_code", None)
        if code is None:
            break
        name = getattr(code, "co_qualname", code.co_name)
        if name in _WAITS and _ASYNCIO_DIR in code.co_filename:
            reason = _WAITS[name]
            break
        obj = (
            getattr(obj, "cr_await", None)
            if hasattr(obj, "cr_await")
            else (getattr(obj, "gi_yieldfrom", None))
        )
    if reason:
        return reason
    # The future its last step yielded (the await chain ends in an iterator).
    waiter = getattr(task, "_fut_waiter", None)
    if isinstance(waiter, asyncio.Task):
        return f"task {waiter.get_name()}"
    if type(waiter).__name__ == "_GatheringFuture":
        return "gather"
    return "future"


class Timeline:
    """What ran when in one run, recorded by the runner, not the examples.

    A lane per asyncio task, in the order they first ran: a span where it
    ran, a span where it waited at an await (and on what), and each line
    written to stdout or stderr, at its moment, in the lane of the task
    that wrote it (lane 0: code outside any task). ``trace()`` gives it in
    Trace Event Format, which chrome://tracing and Perfetto open.
    """

    def __init__(self, skip=None, max_events=None):
        self.t0 = time.perf_counter()
        self.skip = skip  # the runner's own task
        self.lanes = {}  # id(task) -> (lane, task): kept, so ids stay unique
        self.events = []
        self.max_events = max_events or LIMITS["timelineEvents"]
        self.dropped = 0  # events past max_events: a flood of prints
        self.waiting = {}  # lane -> (since, on what)
        self.partial = {}  # stream -> (since, lane, text)
        self._saved = None
        self._drained = 0  # events already sent to the page
        self._named = 0  # lanes already named to the page

    def now(self):
        return (time.perf_counter() - self.t0) * 1e6  # µs, as the format wants

    def lane(self, task):
        if task is None or task is self.skip:
            return 0
        entry = self.lanes.get(id(task))
        if entry is None:
            entry = self.lanes[id(task)] = (len(self.lanes) + 1, task)
        return entry[0]

    def _add(self, event):
        if len(self.events) < self.max_events:
            self.events.append(event)
        else:
            self.dropped += 1

    def _span(self, name, cat, lane, start, end, **args):
        event = {
            "name": name,
            "cat": cat,
            "ph": "X",
            "pid": 1,
            "tid": lane,
            "ts": round(start, 1),
            "dur": round(max(end - start, 0.1), 1),
        }
        if args:
            event["args"] = args
        self._add(event)

    def step(self, handle, run):
        """Run one event-loop callback; record it when it is a task's step."""
        task = getattr(handle._callback, "__self__", None)
        if not isinstance(task, asyncio.Task) or task is self.skip:
            return run(handle)
        lane = self.lane(task)
        start = self.now()
        if lane in self.waiting:
            since, on = self.waiting.pop(lane)
            self._span(f"waits: {on}", "wait", lane, since, start, on=on)
        try:
            return run(handle)
        finally:
            end = self.now()
            self._span("runs", "run", lane, start, end)
            if not task.done():
                self.waiting[lane] = (end, wait_reason(task))

    def write(self, stream, text):
        """A write to stdout/stderr: one print event per line, at the moment
        its first character was written."""
        try:
            lane = self.lane(asyncio.current_task())
        except RuntimeError:
            lane = 0
        since, first_lane, line = self.partial.pop(stream, (self.now(), lane, ""))
        *done, rest = (line + text).split("\n")
        for finished in done:
            self._add(
                {
                    "name": "print",
                    "cat": stream,
                    "ph": "i",
                    "s": "t",
                    "pid": 1,
                    "tid": first_lane,
                    "ts": round(since, 1),
                    "args": {"stream": stream, "text": finished},
                }
            )
            since, first_lane = self.now(), lane
        if rest:
            self.partial[stream] = (since, first_lane, rest)

    def install(self):
        timeline = self
        handle_run = asyncio.events.Handle._run

        def _run(handle):
            return timeline.step(handle, handle_run)

        streams = sys.stdout, sys.stderr
        self._saved = handle_run, streams
        asyncio.events.Handle._run = _run
        sys.stdout = _TimedStream(sys.stdout, "stdout", self)
        sys.stderr = _TimedStream(sys.stderr, "stderr", self)

    def uninstall(self):
        if self._saved is None:
            return
        handle_run, (stdout, stderr) = self._saved
        asyncio.events.Handle._run = handle_run
        sys.stdout, sys.stderr = stdout, stderr
        self._saved = None
        end = self.now()
        for stream in list(self.partial):
            self.write(stream, "\n")
        for lane, (since, on) in self.waiting.items():
            self._span(f"waits: {on}", "wait", lane, since, end, on=on)
        self.waiting.clear()

    @staticmethod
    def lane_name(task):
        coro = task.get_coro()
        label = getattr(coro, "__qualname__", "")
        return f"{task.get_name()} {label}()".strip()

    def drain(self):
        """What is new since the last drain, as JSON, for the live lanes on
        the page: the lanes named since, the new events, the waits still
        open and the time now (µs)."""
        lanes = {
            lane: self.lane_name(task)
            for lane, task in self.lanes.values()
            if lane > self._named
        }
        self._named = len(self.lanes)
        events = self.events[self._drained :]
        self._drained = len(self.events)
        waiting = {
            lane: [round(since, 1), on] for lane, (since, on) in self.waiting.items()
        }
        return json.dumps(
            {
                "lanes": lanes,
                "events": events,
                "waiting": waiting,
                "now": round(self.now(), 1),
                "dropped": self.dropped,
            }
        )

    def trace(self):
        names = [
            {
                "name": "thread_name",
                "ph": "M",
                "pid": 1,
                "tid": 0,
                "args": {"name": "module"},
            }
        ]
        for lane, task in sorted(self.lanes.values(), key=lambda e: e[0]):
            names.append(
                {
                    "name": "thread_name",
                    "ph": "M",
                    "pid": 1,
                    "tid": lane,
                    "args": {"name": self.lane_name(task)},
                }
            )
            names.append(
                {
                    "name": "thread_sort_index",
                    "ph": "M",
                    "pid": 1,
                    "tid": lane,
                    "args": {"sort_index": lane},
                }
            )
        names.append(
            {
                "name": "process_name",
                "ph": "M",
                "pid": 1,
                "tid": 0,
                "args": {"name": "Python in the browser (Pyodide), one thread"},
            }
        )
        return json.dumps(
            {
                "traceEvents": names + self.events,
                "displayTimeUnit": "ms",
                "otherData": {
                    "python": sys.version.split()[0],
                    "recorded_by": "the site's runner",
                    "dropped_events": self.dropped,
                },
            }
        )


class _TimedStream:
    def __init__(self, stream, name, timeline):
        self._stream, self._name, self._timeline = stream, name, timeline

    def write(self, text):
        self._timeline.write(self._name, text)
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


_state = types.SimpleNamespace(task=None, stopping=False, timeline=None)


def last_trace():
    """The last run's timeline, in Trace Event Format (JSON text)."""
    return _state.timeline.trace() if _state.timeline else None


def drain_trace():
    """The running (or last) timeline's news since the last call (JSON)."""
    return _state.timeline.drain() if _state.timeline else None


async def _run(source, filename, on_done):
    status, kind = "ok", None
    timeline = _state.timeline = Timeline(skip=asyncio.current_task())
    timeline.install()
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=filename, __ptc_run__=_asyncio_run)
    saved_main = sys.modules.get("__main__")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = prepare(source, filename)
        sys.modules["__main__"] = main
        result = eval(code, main.__dict__)
        if asyncio.iscoroutine(result):
            await result
    except SyntaxError as exc:
        status = "error"
        sys.stderr.write("".join(traceback.format_exception_only(exc)))
    except KeyboardInterrupt:
        status = "stopped"  # only the page's Stop sends one
    except asyncio.CancelledError as exc:
        status = "stopped" if _state.stopping else "error"
        if status == "error":
            _print_traceback(exc, filename)
    except BaseException as exc:  # SystemExit too: the reader sees it
        if isinstance(exc, SystemExit) and exc.code in (None, 0):
            pass
        else:
            status, kind = "error", classify(exc)
            _print_traceback(exc, filename)
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        try:
            await _cancel_leftovers()
        except BaseException:
            pass
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        timeline.uninstall()
    _state.task = None
    on_done(status, kind)


def start(source, filename, on_done):
    """Start one run; on_done(status, kind) is called when it ends."""
    _state.stopping = False
    _state.timeline = None  # the page's news come from this run only
    _patch_lazy(source)
    _state.task = asyncio.ensure_future(_run(source, filename, on_done))


def stop():
    """Cancel the running code; its cleanup (finally, except) still runs."""
    _state.stopping = True
    task = _state.task
    if task is None:
        return False
    # As Ctrl+C in asyncio.run: cancel the main task, then the leftovers.
    task.cancel()
    return True


_install_patches()
