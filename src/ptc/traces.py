"""Trace Event Format, the JSON that chrome://tracing and Perfetto open:
what a valid timeline of the site holds, checked in one place.

The runner (web/runtime.py, ``Timeline``) records one per run: a lane
(``tid``) per asyncio task, ``X`` spans named "runs" and "waits: <on what>",
``i`` events named "print" for each line written, and ``M`` events naming
the lanes. Reference: the Trace Event Format document (Google, 2016).
"""

from __future__ import annotations

from numbers import Real

PHASES = {"X", "B", "E", "i", "I", "M", "C"}
INSTANT_SCOPES = {"t", "p", "g"}
METADATA = {"process_name", "thread_name", "thread_sort_index", "process_sort_index"}


def problems(trace: object) -> list[str]:
    """What makes `trace` invalid Trace Event Format; empty when it is valid."""
    if not isinstance(trace, dict) or not isinstance(trace.get("traceEvents"), list):
        return ['not an object with a "traceEvents" list']
    found = []
    for n, event in enumerate(trace["traceEvents"]):
        where = f"traceEvents[{n}]"
        if not isinstance(event, dict):
            found.append(f"{where}: not an object")
            continue
        ph = event.get("ph")
        if ph not in PHASES:
            found.append(f"{where}: phase {ph!r} is not one of {sorted(PHASES)}")
            continue
        if not isinstance(event.get("name"), str):
            found.append(f"{where}: no name")
        for key in ("pid", "tid"):
            if not isinstance(event.get(key), int):
                found.append(f"{where}: {key} is not an integer")
        if ph == "M":
            if event.get("name") not in METADATA or not isinstance(
                event.get("args"), dict
            ):
                found.append(f"{where}: metadata without a known name and args")
            continue
        if not isinstance(event.get("ts"), Real) or event["ts"] < 0:
            found.append(f"{where}: ts is not a time in microseconds")
        if ph == "X" and (not isinstance(event.get("dur"), Real) or event["dur"] < 0):
            found.append(f"{where}: a complete event needs a duration >= 0")
        if ph in ("i", "I") and event.get("s", "t") not in INSTANT_SCOPES:
            found.append(f"{where}: instant scope {event.get('s')!r}")
    return found


def lanes(trace: dict) -> dict[int, str]:
    """Lane (tid) -> its name."""
    return {
        e["tid"]: e["args"]["name"]
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    }


def spans(trace: dict, name: str | None = None) -> list[dict]:
    """The complete (X) events, in time order; only those called `name`."""
    found = [
        e
        for e in trace["traceEvents"]
        if e["ph"] == "X" and (name is None or e["name"] == name)
    ]
    return sorted(found, key=lambda e: e["ts"])


def prints(trace: dict) -> list[dict]:
    """The lines written, in time order."""
    return sorted(
        (e for e in trace["traceEvents"] if e["ph"] == "i" and e["name"] == "print"),
        key=lambda e: e["ts"],
    )
