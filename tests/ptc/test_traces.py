"""The Trace Event Format check (ptc.traces) accepts what Perfetto opens
and names what it would not."""

from __future__ import annotations

from ptc import traces

GOOD = {
    "traceEvents": [
        {"name": "thread_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "A"}},
        {"name": "runs", "ph": "X", "pid": 1, "tid": 1, "ts": 0.0, "dur": 5.0},
        {"name": "print", "ph": "i", "s": "t", "pid": 1, "tid": 1, "ts": 2.0},
    ]
}


def test_a_valid_trace_has_no_problems_and_reads_back():
    assert traces.problems(GOOD) == []
    assert traces.lanes(GOOD) == {1: "A"}
    assert [e["name"] for e in traces.spans(GOOD)] == ["runs"]
    assert len(traces.prints(GOOD)) == 1


def test_each_kind_of_mistake_is_named_with_its_place():
    bad = {
        "traceEvents": [
            {"name": "runs", "ph": "X", "pid": 1, "tid": 1, "ts": 0},
            {"name": "x", "ph": "Q", "pid": 1, "tid": 1, "ts": 0},
            {"name": "x", "ph": "i", "pid": "1", "tid": 1, "ts": -1},
            {"name": "nope", "ph": "M", "pid": 1, "tid": 1},
        ]
    }
    found = traces.problems(bad)
    assert any("traceEvents[0]: a complete event needs a duration" in p for p in found)
    assert any("traceEvents[1]: phase 'Q'" in p for p in found)
    assert any("traceEvents[2]: pid" in p for p in found)
    assert any("traceEvents[2]: ts" in p for p in found)
    assert any("traceEvents[3]: metadata" in p for p in found)
    assert traces.problems([]) == ['not an object with a "traceEvents" list']
