"""The "dangerous" tools. tool-exec runs each call as its own child process:

    python tools.py TOOL ARG      ->  the result's bytes on stdout

- snapshot: the full text of the pages an answer cited (a large result);
- sleep:    sleeps ARG seconds, then says so (a slow tool);
- hang:     never ends (tool-exec kills it at the task's timeout);
- crash:    dies at once, as a tool with a bug in native code would.

A real tool-exec would run a headless browser, user code or a database query
here, in a container with a low-privilege user and no network.
"""

from __future__ import annotations

import json
import os
import sys
import time

from common import HERE, exit_with_parent, quiet_interrupts


def snapshot(arg: str) -> bytes:
    pages = set(json.loads(arg))
    knowledge = json.loads(
        (HERE / "knowledge.json").read_text(encoding="utf-8")
    )
    parts = [
        f"## {p['page']} - {p['title']}\n{p['text']}\n"
        for p in knowledge
        if p["page"].split("#")[0] in pages
    ]
    return "\n".join(parts).encode()


def sleep(arg: str) -> bytes:
    time.sleep(float(arg))
    return f"slept {float(arg):g} s\n".encode()


def hang(arg: str) -> bytes:
    while True:
        time.sleep(1)


def crash(arg: str) -> bytes:
    sys.stderr.write("crash: aborting\n")
    sys.stderr.flush()
    os.abort()  # SIGABRT on Linux and macOS, exit code 3 on Windows


TOOLS = {"snapshot": snapshot, "sleep": sleep, "hang": hang, "crash": crash}

if __name__ == "__main__":
    quiet_interrupts()
    exit_with_parent("tool")  # if tool-exec dies, its tools die with it
    name, arg = sys.argv[1], sys.argv[2]
    sys.stdout.buffer.write(TOOLS[name](arg))
