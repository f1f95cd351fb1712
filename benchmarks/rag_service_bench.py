"""The RAG service under load: the orchestrator's memory and time to first token.

Starts examples/rag_service (from a fresh copy of the zip) with
`launch.py --port 0`, then for 1, 10 and 100 concurrent clients, each asking
its own question at the same moment, prints the p50 and p95 time from sending
the request to the first `data:` event, and the orchestrator's RSS after the
round. A figure printer, not a test; it stops every process it started.

    .venv/bin/python benchmarks/rag_service_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import quote

import psutil

from ptc import catalogue

CLIENTS = (1, 10, 100)


def first_token(port: int, question: str, results: list, barrier) -> None:
    """Seconds from the request to the first `data:` line (None if none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        barrier.wait(30)
        started = time.perf_counter()
        sock.sendall(
            f"GET /ask?q={quote(question)} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        )
        received = b""
        while b"\ndata: " not in received:
            chunk = sock.recv(65536)
            if not chunk:
                results.append(None)
                return
            received += chunk
        results.append(time.perf_counter() - started)
        while sock.recv(65536):  # read to the end, as a browser would
            pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        catalogue.write_zip(Path(tmp) / "examples.zip")
        with zipfile.ZipFile(Path(tmp) / "examples.zip") as archive:
            archive.extractall(tmp)
        folder = Path(tmp) / catalogue.ZIP_ROOT / "rag_service"
        launcher = subprocess.Popen(
            [sys.executable, "launch.py", "--port", "0", "--state", f"{tmp}/state"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            url = launcher.stdout.readline().strip()
            pids = dict(
                part.rsplit(" pid ", 1)
                for part in launcher.stdout.readline().split(", ")
            )
            orchestrator = psutil.Process(int(pids["orchestrator"]))
            port = int(url.rsplit(":", 1)[1].strip("/"))
            time.sleep(1.0)  # the services finish starting
            cores = psutil.cpu_count()
            print(f"RAG service on {platform.python_version()}, {cores} cores")
            rss = orchestrator.memory_info().rss / 2**20
            print(f"orchestrator RSS at rest: {rss:.1f} MiB")
            print("clients  p50 first token  p95 first token  failed  RSS after")
            for clients in CLIENTS:
                times, failed = [], 0
                for round_ in range(rounds):
                    results: list = []
                    barrier = threading.Barrier(clients)
                    threads = [
                        threading.Thread(
                            target=first_token,
                            args=(
                                port,
                                f"Round {round_} client {n}: what is the GIL?",
                                results,
                                barrier,
                            ),
                        )
                        for n in range(clients)
                    ]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join(60)
                    times += [r for r in results if r is not None]
                    failed += clients - len([r for r in results if r is not None])
                rss = orchestrator.memory_info().rss / 2**20
                print(
                    f"{clients:7d}  {statistics.median(times) * 1000:12.0f} ms"
                    f"  {percentile(times, 95) * 1000:12.0f} ms  {failed:6d}"
                    f"  {rss:6.1f} MiB"
                )
        finally:
            launcher.send_signal(signal.SIGINT)
            try:
                launcher.wait(5)
            except subprocess.TimeoutExpired:
                launcher.kill()
                launcher.wait(5)


if __name__ == "__main__":
    main()
