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


_state = types.SimpleNamespace(task=None, stopping=False)


async def _run(source, filename, on_done):
    status, kind = "ok", None
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
    _state.task = None
    on_done(status, kind)


def start(source, filename, on_done):
    """Start one run; on_done(status, kind) is called when it ends."""
    _state.stopping = False
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
