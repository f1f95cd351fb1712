"""What each process of a recorded run notes about itself (ptc.recordings).

`./dev record` copies this file as `sitecustomize.py` into a directory on
PYTHONPATH, so Python loads it in the example and in every Python process
the example starts: spawn and forkserver children start a fresh
interpreter, which loads it again; a fork child inherits it, and
`os.register_at_fork` gives it a log of its own. It does nothing unless
PTC_RECORD_DIR is set, and it imports nothing outside the standard library:
the examples stay plain scripts.

Each process appends JSON lines to `$PTC_RECORD_DIR/<pid>.jsonl`; one
`os.write` per line, so threads never interleave. Times are
`time.monotonic_ns()`, one clock for every process and the sampler.
- `process`: its pid, parent, and a name (multiprocessing's, once known);
- `thread` / `thread_end`: a Python thread's name, native id and CPU time;
- `print`: a line written to stdout, by which thread (and asyncio task);
- `exit`: a process's exit code, noted by itself or by its parent's poll;
- `task_run`: one step of an asyncio task (only with PTC_RECORD_TASKS=1),
  the approach of web/runtime.py's Timeline: wrap `Handle._run`.
"""

import json
import os
import sys
import threading
import time

_DIR = os.environ.get("PTC_RECORD_DIR")


def _open():
    path = os.path.join(_DIR, f"{os.getpid()}.jsonl")
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def _note(kind, **fields):
    fields.update(kind=kind, t=time.monotonic_ns(), pid=os.getpid())
    try:
        os.write(_fd, (json.dumps(fields) + "\n").encode())
    except OSError:
        pass  # a process still writing while the run is torn down


def _process_name():
    argv = " ".join(getattr(sys, "orig_argv", sys.argv))
    for helper in ("resource_tracker", "forkserver"):
        if helper in argv:
            return helper.replace("_", " ")
    return os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"


def _start_process(name):
    _note("process", ppid=os.getppid(), name=name)
    _note(
        "thread",
        tid=threading.get_native_id(),
        name=threading.current_thread().name,
        cpu=time.thread_time_ns(),
    )


def _after_fork():
    global _fd
    os.close(_fd)
    _fd = _open()
    _start_process("fork child")


class _Lines:
    """stdout as it was, plus a `print` note for each finished line, at
    the moment its first character was written."""

    def __init__(self, stream):
        self._stream = stream
        self._partial = {}  # native thread id -> (since, task, text)

    def write(self, text):
        tid = threading.get_native_id()
        since, task, line = self._partial.pop(tid, (time.monotonic_ns(), _task(), ""))
        *done, rest = (line + text).split("\n")
        for finished in done:
            _note("print", tid=tid, task=task, text=finished, since=since)
            since, task = time.monotonic_ns(), _task()
        if rest:
            self._partial[tid] = (since, task, rest)
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _task():
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return None
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no running loop in this thread
        return None
    return task.get_name() if task is not None else None


def _watch_threads():
    bootstrap_inner = threading.Thread._bootstrap_inner

    def _bootstrap_inner(self):
        tid = threading.get_native_id()
        _note("thread", tid=tid, name=self.name, cpu=time.thread_time_ns())
        try:
            bootstrap_inner(self)
        finally:
            _note("thread_end", tid=tid, cpu=time.thread_time_ns())

    threading.Thread._bootstrap_inner = _bootstrap_inner


def _watch_processes():
    from multiprocessing import process

    bootstrap = process.BaseProcess._bootstrap
    start = process.BaseProcess.start

    def _bootstrap(self, *args, **kwargs):
        _note("process", ppid=os.getppid(), name=self.name)
        code = 1
        try:
            code = bootstrap(self, *args, **kwargs)
            return code
        finally:
            _end_main(code)

    def _start(self):
        start(self)
        popen, pid = self._popen, self._popen.pid
        poll = popen.poll

        def _poll(*args, **kwargs):
            code = poll(*args, **kwargs)
            if code is not None:  # the parent knows, even of a SIGKILL
                _note("exit", child=pid, code=code)
            return code

        popen.poll = _poll

    process.BaseProcess._bootstrap = _bootstrap
    process.BaseProcess.start = _start


def _end_main(code):
    _note("exit", child=os.getpid(), code=code)
    _note("thread_end", tid=threading.get_native_id(), cpu=time.thread_time_ns())


def _watch_exits():
    os_exit = os._exit

    def _exit(code):
        _end_main(code)
        os_exit(code)

    os._exit = _exit


def _watch_tasks():
    import asyncio.events

    handle_run = asyncio.events.Handle._run

    def _run(handle):
        task = getattr(handle._callback, "__self__", None)
        if not isinstance(task, asyncio.Task):
            return handle_run(handle)
        start = time.monotonic_ns()
        try:
            return handle_run(handle)
        finally:
            _note(
                "task_run",
                tid=threading.get_native_id(),
                task=task.get_name(),
                start=start,
                done=task.done(),
            )

    asyncio.events.Handle._run = _run


if _DIR:
    _fd = _open()
    _start_process(_process_name())
    os.register_at_fork(after_in_child=_after_fork)
    sys.stdout = _Lines(sys.stdout)
    _watch_threads()
    _watch_processes()
    _watch_exits()
    if os.environ.get("PTC_RECORD_TASKS") == "1":
        _watch_tasks()
