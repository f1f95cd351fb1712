"""tool-exec: takes tasks from the durable queue and runs each tool in a child.

- A task is taken with a lease: it stays "running" while tool-exec's
  heartbeat renews the lease. If tool-exec dies, the lease runs out and the
  task is delivered again (to the restarted tool-exec).
- Each tool runs in a child process of its own (tools.py), with the task's
  timeout; a child that overruns is killed. However the child dies,
  tool-exec lives on and records why.
- A large result goes to the object store; the task records only its key
  (a claim check).
- The task is acknowledged only once it is done, and only by the delivery
  that holds it. Storing by content hash makes running it again harmless, so
  each task takes effect exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import (
    HEARTBEAT_EVERY,
    HERE,
    LEASE,
    MAX_DELIVERIES,
    exit_with_parent,
    log,
    open_queue,
    put_object,
    quiet_interrupts,
    service_args,
)


def take_task(db) -> tuple | None:
    """The oldest task that is queued, or whose lease ran out; claim it."""
    now = time.time()
    db.execute("BEGIN IMMEDIATE")  # one consumer at a time claims
    try:
        row = db.execute(
            "SELECT id, tool, arg, timeout, deliveries FROM tasks"
            " WHERE state = 'queued'"
            " OR (state = 'running' AND lease_until < ?)"
            " ORDER BY id LIMIT 1",
            (now,),
        ).fetchone()
        if row is None:
            return None
        task_id, tool, arg, timeout, deliveries = row
        if deliveries >= MAX_DELIVERIES:  # a poison task: stop trying
            db.execute(
                "UPDATE tasks SET state = 'failed', error = ? WHERE id = ?",
                (f"gave up after {deliveries} deliveries", task_id),
            )
            return None
        db.execute(
            "UPDATE tasks SET state = 'running', deliveries = deliveries + 1,"
            " lease_until = ? WHERE id = ?",
            (now + LEASE, task_id),
        )
        return task_id, tool, arg, timeout, deliveries + 1
    finally:
        db.execute("COMMIT")


def acknowledge(
    db, task_id: int, delivery: int, key: str | None, error: str | None
):
    """Mark the task finished: only if this delivery still holds it."""
    db.execute(
        "UPDATE tasks SET state = ?, result_key = ?, error = ?,"
        " lease_until = 0"
        " WHERE id = ? AND state = 'running' AND deliveries = ?",
        ("done" if error is None else "failed", key, error, task_id, delivery),
    )


def run_tool(
    tool: str, arg: str, timeout: float
) -> tuple[bytes | None, str | None]:
    """(result, None), or (None, why it failed). The tool runs in a child."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, str(HERE / "tools.py"), tool, arg],
            # stdin is never written nor closed: it closes if we die.
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
        )
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            return None, f"timed out after {timeout:g} s: killed"
        finally:
            child.stdin.close()
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            last = (
                err.read().decode(errors="replace").strip().splitlines()[-1:]
            )
            return (
                None,
                f"crashed: exit code {child.returncode} {''.join(last)}",
            )
        return out.read(), None


def heartbeat(state: Path, current: dict) -> None:
    """Say we are alive, and renew the lease of the task in hand."""
    db = open_queue(state)
    while True:
        now = time.time()
        db.execute(
            "INSERT OR REPLACE INTO heartbeat VALUES ('tool-exec', ?, ?)",
            (os.getpid(), now),
        )
        if current.get("id") is not None:
            db.execute(
                "UPDATE tasks SET lease_until = ?"
                " WHERE id = ? AND deliveries = ?",
                (now + LEASE, current["id"], current["delivery"]),
            )
        time.sleep(HEARTBEAT_EVERY)


def main() -> None:
    args = service_args(sys.argv)
    quiet_interrupts()
    exit_with_parent("tool-exec")
    state = Path(args["state"])
    db = open_queue(state)
    current: dict = {}
    threading.Thread(
        target=heartbeat, args=(state, current), daemon=True
    ).start()
    log("tool-exec", f"consuming {state / 'queue.db'} (pid {os.getpid()})")
    while True:
        task = take_task(db)
        if task is None:
            time.sleep(0.1)
            continue
        task_id, tool, arg, timeout, delivery = task
        current.update(id=task_id, delivery=delivery)
        log("tool-exec", f"task {task_id}: {tool} (delivery {delivery})")
        result, error = run_tool(tool, arg, timeout)
        key = None if result is None else put_object(state, result)
        acknowledge(db, task_id, delivery, key, error)  # only now is it done
        current.update(id=None)
        log("tool-exec", f"task {task_id}: {error or 'done, key ' + key[:12]}")


if __name__ == "__main__":
    main()
