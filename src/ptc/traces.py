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


# --- recorded runs (ptc.recordings) --------------------------------------------

# What a recording's otherData must say: where it was made, and of which
# version of its example.
WHERE = (
    "example",
    "source_sha256",
    "python",
    "implementation",
    "build",
    "gil",
    "cores",
    "start_method",
    "load_average",
    "date",
)


def recording_problems(trace: dict) -> list[str]:
    """What a recorded run lacks beyond valid Trace Event Format: where it
    was made, a lifetime per lane, counters with a number of cores."""
    found = []
    other = trace.get("otherData")
    if not isinstance(other, dict):
        return ['no "otherData" object saying where it was recorded']
    found += [f"otherData: no {key!r}" for key in WHERE if key not in other]
    named = set(lanes(trace))
    lived = {e["tid"] for e in spans(trace, "lifetime")}
    if not lived:
        found.append('no "lifetime" span: no lane was recorded')
    for n, event in enumerate(trace["traceEvents"]):
        if event.get("ph") == "C":
            cores = event.get("args", {}).get("cores")
            if not isinstance(cores, Real) or cores < 0:
                found.append(f"traceEvents[{n}]: a counter without cores >= 0")
    found += [f"lane {tid} has a lifetime but no name" for tid in lived - named]
    return found


def lane_keys(trace: dict) -> list[tuple[int, int]]:
    """Every lane (pid, tid) that has a name, in its sort order."""
    order = {
        (e["pid"], e["tid"]): e["args"]["sort_index"]
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_sort_index"
    }
    named = [
        (e["pid"], e["tid"])
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    ]
    return sorted(named, key=lambda key: order.get(key, len(order)))


def lane_names(trace: dict) -> dict[tuple[int, int], str]:
    """(pid, tid) -> the lane's name; pids may reuse a tid, so both count."""
    return {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "thread_name"
    }


def process_names(trace: dict) -> dict[int, str]:
    return {
        e["pid"]: e["args"]["name"]
        for e in trace["traceEvents"]
        if e["ph"] == "M" and e["name"] == "process_name"
    }


def counters(trace: dict) -> dict[tuple[int, int], list[tuple[float, float]]]:
    """(pid, tid) -> its CPU use as (ts, cores) steps, in time order: each
    value holds until the next."""
    found: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for e in sorted(
        (e for e in trace["traceEvents"] if e["ph"] == "C"), key=lambda e: e["ts"]
    ):
        found.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["args"]["cores"]))
    return found


def cores_at(steps: list[tuple[float, float]], ts: float) -> float:
    """The value of a counter's steps at `ts` (0 before the first)."""
    value = 0.0
    for start, cores in steps:
        if start > ts:
            break
        value = cores
    return value


def total_cores(trace: dict, pid: int | None = None) -> list[tuple[float, float]]:
    """(ts, the sum of every lane's CPU use) at each moment a counter
    changes; only the lanes of process `pid` when given."""
    series = {
        key: steps
        for key, steps in counters(trace).items()
        if pid is None or key[0] == pid
    }
    moments = sorted({ts for steps in series.values() for ts, _ in steps})
    return [(ts, sum(cores_at(s, ts) for s in series.values())) for ts in moments]
