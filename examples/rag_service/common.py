"""What the four services share: the queue, the object store, tokens, HTTP.

Standard library only; CPython 3.10 to 3.14 on Linux, macOS and Windows.
Each service is its own program (orchestrator.py, vector_search.py, rerank.py,
tool_exec.py); launch.py starts them. This module is not run on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVICES = ("orchestrator", "vector-search", "rerank", "tool-exec")
LEASE = 3.0  # s a delivered task stays claimed without a heartbeat
MAX_DELIVERIES = 3  # a task delivered this often without an ack is given up
HEARTBEAT_EVERY = 0.5  # s
HEARTBEAT_STALE = 2.0  # s: tool-exec counts as "down" after this


def log(service: str, message: str) -> None:
    print(f"[{service}] {message}", file=sys.stderr, flush=True)


# --- a process never outlives the one that started it ------------------------


def exit_with_parent(service: str, on_exit=None) -> None:
    """Exit as soon as stdin reaches its end. The launcher (or tool-exec)
    starts us with stdin a pipe that it never writes to: it closes the pipe to
    stop us, and when it dies, for any reason, the pipe closes too. Works on
    every platform. `on_exit` (if any) gets a second to end the main thread,
    so that exit handlers run (a process pool is shut down properly)."""

    def watch() -> None:
        try:  # os.read, not sys.stdin: a buffered read holds a lock at exit
            while os.read(sys.stdin.fileno(), 1024):
                pass
        except (OSError, ValueError):
            pass
        log(service, "stopping: the launcher closed our stdin, or is gone")
        if on_exit is not None:
            on_exit()
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def quiet_interrupts() -> None:
    """Ctrl+C reaches every process in the terminal's group; the launcher
    stops the services itself, so they ignore it and leave no traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- tokens: English words, Chinese character n-grams ------------------------

WORD = re.compile(r"[a-z0-9_]+(?:[.'][a-z0-9_]+)*")
CJK = re.compile(r"[\u3400-\u9fff]+")
STOP = frozenset(
    "a an and are as at be by do does for how i in is it of on or the to"
    " what when which why with".split()
)


def tokens(text: str) -> list[str]:
    """Lower-case words, and one- and two-character pieces of Chinese runs."""
    text = text.lower()
    found = [w for w in WORD.findall(text) if w not in STOP]
    for run in CJK.findall(text):
        found += list(run)
        found += [run[i : i + 2] for i in range(len(run) - 1)]
    return found


def language(text: str) -> str:
    return "zh" if CJK.search(text) else "en"


# --- the durable queue (SQLite) ----------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY,
    tool TEXT NOT NULL,
    arg TEXT NOT NULL,
    timeout REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',  -- queued, running, done, failed
    deliveries INTEGER NOT NULL DEFAULT 0,
    lease_until REAL NOT NULL DEFAULT 0,
    result_key TEXT,
    error TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS heartbeat (
    service TEXT PRIMARY KEY, pid INTEGER NOT NULL, at REAL NOT NULL
);
"""


def open_queue(state: Path) -> sqlite3.Connection:
    state.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(state / "queue.db", timeout=5, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    db.executescript(SCHEMA)
    return db


def publish(
    db: sqlite3.Connection, tool: str, arg: str, timeout: float
) -> int:
    cursor = db.execute(
        "INSERT INTO tasks (tool, arg, timeout, created) VALUES (?, ?, ?, ?)",
        (tool, arg, timeout, time.time()),
    )
    return cursor.lastrowid


def task_info(db: sqlite3.Connection, task_id: int) -> dict | None:
    db.row_factory = sqlite3.Row
    row = db.execute("SELECT * FROM tasks WHERE id = ?", (task_id,)).fetchone()
    return dict(row) if row else None


# --- the object store: a folder, one file per content hash -------------------


def put_object(state: Path, data: bytes) -> str:
    """Store `data` under the hash of its content and return that key.

    Storing the same bytes twice writes the same file: a task that runs
    again after a crash cannot leave a second copy (an idempotent effect)."""
    key = hashlib.sha256(data).hexdigest()
    path = state / "objects" / key[:2] / key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{key}.{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)  # atomic: readers see all of it or nothing
    return key


def get_object(state: Path, key: str) -> bytes:
    if not re.fullmatch(r"[0-9a-f]{64}", key):
        raise KeyError(key)
    return (state / "objects" / key[:2] / key).read_bytes()


# --- a small JSON-over-HTTP server (vector-search and rerank) ----------------


def serve_json(service: str, port: int, routes: dict) -> None:
    """Serve POST /<route> with a JSON body, and GET /health, on 127.0.0.1,
    until the launcher closes our stdin.

    Each request gets a thread (ThreadingHTTPServer): the work itself is
    native code, a process pool, or short."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _send(self, status: int, payload: dict) -> None:
            body = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def do_GET(self) -> None:
            if self.path == "/health":
                self._send(200, {"service": service, "pid": os.getpid()})
            else:
                self._send(404, {"error": f"no such path {self.path}"})

        def do_POST(self) -> None:
            route = routes.get(self.path)
            if route is None:
                return self._send(404, {"error": f"no such path {self.path}"})
            try:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length) or b"{}")
                delay = min(float(request.get("delay", 0)), 5.0)
            except (ValueError, TypeError) as bad:
                return self._send(400, {"error": f"bad request: {bad}"})
            time.sleep(max(delay, 0))  # a knob to make this service slow
            try:
                self._send(200, route(request))
            except (KeyError, TypeError, ValueError) as bad:
                self._send(400, {"error": f"bad request: {bad}"})

        def log_message(self, format: str, *args) -> None:
            pass  # one line per request would drown the launcher's output

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        # socketserver's default backlog is 5: a burst of callers beyond it
        # waits for a TCP retransmit, a whole second.
        request_queue_size = 256

        def handle_error(self, request, client_address) -> None:
            error = sys.exc_info()[1]
            if isinstance(error, ConnectionError):  # the caller gave up on us
                log(service, f"caller went away: {error!r}")
            else:
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", port), Handler)
    exit_with_parent(service, on_exit=server.shutdown)  # serve_forever returns
    log(service, f"listening on http://127.0.0.1:{port}/ (pid {os.getpid()})")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def service_args(argv: list[str]) -> dict:
    """`--port N --state DIR ...` -> {"port": "N", "state": "DIR", ...}."""
    pairs = dict(zip(argv[1::2], argv[2::2], strict=False))
    return {
        k.removeprefix("--").replace("-", "_"): v for k, v in pairs.items()
    }
