"""Start the four services of the RAG example, each as its own OS process.

    python launch.py [--port N] [--state DIR]

The first line printed is the orchestrator's address, http://127.0.0.1:N/
(--port 0, the default, picks a free port; the other services always get free
ports, and the orchestrator is told where they are). A service that dies is
started again, after a pause that doubles while it keeps dying (0.5 s up to
8 s). Ctrl+C stops everything within 2 s. The queue and the object store
live in DIR (default: state/ beside this file); delete it to start afresh.
Standard library only; CPython 3.10 to 3.14 on Linux, macOS and Windows.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 8.0  # s before a restart
STEADY = 5.0  # s alive that count as "running fine": the pause starts again
STOP_WITHIN = 1.5  # s after Ctrl+C before the stragglers are killed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def say(message: str) -> None:
    print(message, flush=True)


class Service:
    def __init__(self, name: str, script: str, args: list[str]) -> None:
        self.name, self.args = (
            name,
            [sys.executable, str(HERE / script), *args],
        )
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.pause = FIRST_PAUSE
        self.restart_at: float | None = None

    def start(self) -> None:
        # stdin is a pipe we never write to: if this launcher dies, even by
        # kill -9, the pipe closes and the service exits
        # (common.exit_with_parent).
        self.process = subprocess.Popen(
            self.args, stdin=subprocess.PIPE, cwd=HERE
        )
        self.started = time.monotonic()
        self.restart_at = None

    def check(self) -> None:
        """Restart a service that has died, with backoff."""
        now = time.monotonic()
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.start()
                say(f"{self.name} restarted (pid {self.process.pid})")
            return
        code = self.process.poll()
        if code is None:
            if now - self.started > STEADY:
                self.pause = FIRST_PAUSE
            return
        say(
            f"{self.name} exited with code {code}; "
            f"restarting in {self.pause:g} s"
        )
        self.restart_at = now + self.pause
        self.pause = min(self.pause * 2, LONGEST_PAUSE)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def ask_to_stop(self) -> None:
        if self.running():
            try:
                self.process.stdin.close()  # the service's cue to exit
            except OSError:
                pass


def wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--state", type=Path, default=HERE / "state")
    options = parser.parse_args()
    port = options.port or free_port()
    search_port, rerank_port = free_port(), free_port()
    state = str(options.state.resolve())
    services = [
        Service(
            "orchestrator",
            "orchestrator.py",
            [
                "--port",
                str(port),
                "--search-port",
                str(search_port),
                "--rerank-port",
                str(rerank_port),
                "--state",
                state,
            ],
        ),
        Service(
            "vector-search", "vector_search.py", ["--port", str(search_port)]
        ),
        Service("rerank", "rerank.py", ["--port", str(rerank_port)]),
        Service("tool-exec", "tool_exec.py", ["--state", state]),
    ]
    # Ctrl+C stops it, even when started with SIGINT ignored (a shell's `&`),
    # and so do SIGTERM and Ctrl+Break on Windows.
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.default_int_handler)
    try:
        for service in services:
            service.start()
        wait_for_port(port, 10)
        say(f"http://127.0.0.1:{port}/")
        say(", ".join(f"{s.name} pid {s.process.pid}" for s in services))
        say("Ctrl+C stops all four.")
        while True:
            time.sleep(0.1)
            for service in services:
                service.check()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(
            signal.SIGINT, signal.SIG_IGN
        )  # a second Ctrl+C waits too
        for service in services:
            service.ask_to_stop()
        deadline = time.monotonic() + STOP_WITHIN
        while (
            any(s.running() for s in services) and time.monotonic() < deadline
        ):
            time.sleep(0.02)
        for service in services:
            if service.running():  # it did not listen: kill it
                service.process.kill()
            if service.process is not None:
                service.process.wait()
        say("stopped")


if __name__ == "__main__":
    main()
