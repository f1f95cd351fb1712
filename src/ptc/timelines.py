"""A recorded run (ptc.recordings) drawn into the page at build time: no
script, only HTML and SVG that web/recording.css styles.

A figure holds one or more runs on one time scale (the comparison page
stacks three). Each lane is a row: its name in HTML (so text never shrinks
below the page's small size on a phone), then an SVG strip stretched to the
width: CPU use as a filled area (0 to 1 core; an asyncio task's steps fill
it, as they run on the one thread), a line where a task waited, a tick at
its start and end, and a mark at each printed line. A time axis, a caption
that says what the reader is looking at and where it was recorded, the
Download trace link, and the same run as a table of spans in a <details>:
the text alternative, which the keyboard reaches and screen readers read
(the drawing itself is hidden from them).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ptc import catalogue, labels, recordings, traces

WIDTH = 1000  # SVG user units across the figure's full time scale
HEIGHT = 20  # a lane's strip
MAX_LANES = 12  # more are drawn as MAX_LANES - 1 and one lane for the rest
TICK_STEPS = (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60)
MAX_TICKS = 6


@dataclass(frozen=True)
class LaneView:
    key: tuple[int, int]
    name: str  # "ForkProcess-1 · MainThread"
    exitcode: int | None
    start: float  # µs
    end: float
    cpu_s: float
    cpu: list[tuple[float, float]]  # (ts, cores) steps
    runs: list[tuple[float, float]]  # a task's steps (ts, dur)
    waits: list[tuple[float, float]]
    prints: list[tuple[float, str]]
    is_task: bool


def lanes_of(trace: dict) -> list[LaneView]:
    """The lanes of `trace` in their order, with what each one did."""
    names = traces.lane_names(trace)
    processes = traces.process_names(trace)
    counters = traces.counters(trace)
    lifetimes = {(e["pid"], e["tid"]): e for e in traces.spans(trace, "lifetime")}
    found = []
    for key in traces.lane_keys(trace):
        pid, tid = key
        is_task = tid >= recordings.TASK_LANES
        runs = [
            (e["ts"], e["dur"])
            for e in traces.spans(trace, "runs")
            if (e["pid"], e["tid"]) == key
        ]
        waits = [
            (e["ts"], e["dur"])
            for e in traces.spans(trace, "waits")
            if (e["pid"], e["tid"]) == key
        ]
        life = lifetimes.get(key)
        if life:
            start, end = life["ts"], life["ts"] + life["dur"]
            cpu_s = life["args"].get("cpu_s", 0.0)
            exitcode = life["args"].get("exitcode")
        elif runs:
            start, end = runs[0][0], max(ts + dur for ts, dur in runs)
            cpu_s = round(sum(dur for _, dur in runs) / 1e6, 3)
            exitcode = None
        else:
            continue
        process = processes.get(pid, f"pid {pid}").split(" (pid ")[0]
        alone = len(processes) == 1  # then the process goes without saying
        name = names[key] if is_task or alone else f"{process} · {names[key]}"
        prints = [
            (e["ts"], e["args"].get("text", ""))
            for e in traces.prints(trace)
            if (e["pid"], e["tid"]) == key
        ]
        found.append(
            LaneView(
                key,
                name,
                exitcode,
                start,
                end,
                cpu_s,
                counters.get(key, []),
                runs,
                waits,
                prints,
                is_task,
            )
        )
    return found


def grouped(lanes: list[LaneView], lang: str) -> list[LaneView]:
    """At most MAX_LANES: past that, the rest become one lane with their
    CPU added up (a pool of 500 threads stays readable)."""
    if len(lanes) <= MAX_LANES:
        return lanes
    kept, rest = lanes[: MAX_LANES - 1], lanes[MAX_LANES - 1 :]
    moments = sorted({ts for lane in rest for ts, _ in lane.cpu})
    cpu = [
        (ts, round(sum(traces.cores_at(lane.cpu, ts) for lane in rest), 2))
        for ts in moments
    ]
    name = labels.label(lang, "trace.more", n=len(rest))
    prints = sorted(p for lane in rest for p in lane.prints)
    return kept + [
        LaneView(
            rest[0].key,
            name,
            None,
            min(ln.start for ln in rest),
            max(ln.end for ln in rest),
            round(sum(ln.cpu_s for ln in rest), 3),
            cpu,
            [],
            [],
            prints,
            False,
        )
    ]


def _x(ts: float, scale: float) -> str:
    return f"{min(ts / scale, 1) * WIDTH:.1f}"


def _y(cores: float) -> str:
    return f"{HEIGHT - min(max(cores, 0), 1) * (HEIGHT - 2):.1f}"


def _strip(lane: LaneView, scale: float, lang: str) -> str:
    parts = [
        f'<line class="ptc-rec-life" x1="{_x(lane.start, scale)}"'
        f' x2="{_x(lane.end, scale)}" y1="{HEIGHT - 0.5}" y2="{HEIGHT - 0.5}"/>'
    ]
    if lane.cpu:
        points = [f"M{_x(lane.cpu[0][0], scale)} {HEIGHT}"]
        for (ts, cores), nxt in zip(
            lane.cpu, [*lane.cpu[1:], (lane.end, 0)], strict=True
        ):
            y = _y(cores)
            points.append(f"L{_x(ts, scale)} {y}L{_x(max(nxt[0], ts), scale)} {y}")
        points.append(f"L{_x(lane.cpu[-1][0], scale)} {HEIGHT}Z")
        parts.append(f'<path class="ptc-rec-cpu" d="{"".join(points)}"/>')
    for ts, dur in lane.waits:
        y = HEIGHT / 2
        parts.append(
            f'<line class="ptc-rec-wait" x1="{_x(ts, scale)}"'
            f' x2="{_x(ts + dur, scale)}" y1="{y}" y2="{y}"/>'
        )
    for ts, dur in lane.runs:
        parts.append(
            f'<rect class="ptc-rec-cpu" x="{_x(ts, scale)}" y="2"'
            f' width="{max(dur / scale * WIDTH, 0.5):.1f}" height="{HEIGHT - 2}"/>'
        )
    for ts in (lane.start, lane.end):
        parts.append(
            f'<line class="ptc-rec-edge" x1="{_x(ts, scale)}" x2="{_x(ts, scale)}"'
            f' y1="{HEIGHT * 0.35}" y2="{HEIGHT}"/>'
        )
    for ts, text in lane.prints:
        x = _x(ts, scale)
        title = html.escape(labels.label(lang, "trace.printed", text=text))
        parts.append(
            f'<line class="ptc-rec-print" x1="{x}" x2="{x}" y1="0" y2="{HEIGHT}">'
            f"<title>{title}</title></line>"
        )
    return (
        f'<svg class="ptc-rec-strip" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' preserveAspectRatio="none" focusable="false">{"".join(parts)}</svg>'
    )


def _seconds(value: float, lang: str, short: bool = False) -> str:
    """`0.25 s`; `short` (the axis) drops trailing zeros: `0.5 s`."""
    text = f"{value:.2f}"
    if short:
        text = text.rstrip("0").rstrip(".")
    return labels.label(lang, "trace.seconds", s=text)


def _axis(scale: float, lang: str) -> str:
    seconds = scale / 1e6
    step = next((s for s in TICK_STEPS if seconds / s <= MAX_TICKS), TICK_STEPS[-1])
    ticks = []
    n = 0
    while n * step <= seconds + 1e-9:
        at = n * step / seconds * 100
        side = " ptc-rec-tick--first" if n == 0 else ""
        ticks.append(
            f'<span class="ptc-rec-tick{side}" style="left:{at:.2f}%">'
            f"{_seconds(n * step, lang, short=True)}</span>"
        )
        n += 1
    return f'<div class="ptc-rec-axis" aria-hidden="true">{"".join(ticks)}</div>'


def _lane_label(lane: LaneView, lang: str) -> str:
    name = html.escape(lane.name)
    if lane.exitcode is not None:
        code = labels.label(lang, "trace.exitcode", code=lane.exitcode)
        name += f' <span class="ptc-rec-exit">{html.escape(code)}</span>'
    return name


def _table(lanes: list[LaneView], lang: str, title: str = "") -> str:
    text = lambda key: labels.label(lang, f"trace.table.{key}")  # noqa: E731
    head = [text(k) for k in ("lane", "start", "end", "cpu", "printed")]
    rows = []
    for lane in lanes:
        # Each line in <samp>: the page's Markdown (attr_list) would take a
        # line ending in `{…}` for attributes of the cell.
        printed = (
            "<br>".join(f"<samp>{html.escape(t)}</samp>" for _, t in lane.prints) or "—"
        )
        cells = [
            _lane_label(lane, lang),
            _seconds(lane.start / 1e6, lang),
            _seconds(lane.end / 1e6, lang),
            _seconds(lane.cpu_s, lang),
            printed,
        ]
        rows.append(
            "<tr>"
            + "".join(
                f'<td data-label="{html.escape(h)}">{c}</td>'
                for h, c in zip(head, cells, strict=True)
            )
            + "</tr>"
        )
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    return (
        f"<table data-ptc-stack>{caption}<thead><tr>"
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _where(trace: dict, lang: str) -> str:
    other = trace["otherData"]
    return labels.label(
        lang,
        "trace.where",
        python=f"{other['implementation']} {other['python']}",
        build=other["build"],
        gil=labels.label(lang, "trace.gil.on" if other["gil"] else "trace.gil.off"),
        cores=other["cores"],
        method=other["start_method"],
        load=other["load_average"][0],
        nice=other.get("nice") or 0,
        date=other["date"],
    )


def render(
    examples: list[catalogue.Example],
    lang: str,
    to_root: str,
    anchor: str,
    downloads: list[str] | None = None,
) -> str:
    """The figure of the recorded runs of `examples`, on one time scale, as
    one block of HTML (no blank line: Markdown leaves it as it is).
    `downloads`: where the site serves each trace, from its root (default:
    beside the example, as ptc.catalogue serves it). RecordingError names
    the file when a recording is missing or invalid."""
    runs = [(ex, recordings.load(ex)) for ex in examples]
    if downloads is None:
        downloads = [
            catalogue.download_path(
                ex.trace_path.relative_to(catalogue.EXAMPLES).as_posix(), lang
            )
            for ex in examples
        ]
    scale = max(t["otherData"]["duration_s"] for _, t in runs) * 1e6
    text = lambda key, **v: labels.label(lang, f"trace.{key}", **v)  # noqa: E731
    body, tables, links = [], [], []
    for (example, trace), path in zip(runs, downloads, strict=True):
        lanes = grouped(lanes_of(trace), lang)
        title = example.relative if len(runs) > 1 else ""
        rows = "".join(
            f'<li class="ptc-rec-lane"><span class="ptc-rec-name">'
            f"{_lane_label(lane, lang)}</span>{_strip(lane, scale, lang)}</li>"
            for lane in lanes
        )
        head = f'<p class="ptc-rec-title">{html.escape(title)}</p>' if title else ""
        lanes_list = f'<ol class="ptc-rec-lanes">{rows}</ol>'
        body.append(f'<div class="ptc-rec-run">{head}{lanes_list}</div>')
        tables.append(_table(lanes, lang, title))
        links.append(
            f'<a class="ptc-trace-download" href="{to_root}{path}"'
            f' download="{example.trace_path.name}">{text("download")}'
            + (f" ({html.escape(example.path.stem)})" if len(runs) > 1 else "")
            + "</a>"
        )
    where = _where(runs[0][1], lang)
    legend = (
        '<p class="ptc-rec-legend" aria-hidden="true">'
        f'<span class="ptc-rec-key ptc-rec-key--cpu"></span>{text("legend.cpu")}'
        f'<span class="ptc-rec-key ptc-rec-key--print"></span>{text("legend.print")}'
        f'<span class="ptc-rec-key ptc-rec-key--edge"></span>{text("legend.edge")}'
        + (
            f'<span class="ptc-rec-key ptc-rec-key--wait"></span>{text("legend.wait")}'
            if any(t for _, t in runs if traces.spans(t, "waits"))
            else ""
        )
        + "</p>"
    )
    caption = (
        f'<figcaption id="{anchor}-caption">'
        f"{text('caption', where=where)} {' '.join(links)}</figcaption>"
    )
    details = (
        f'<details class="ptc-rec-details"><summary>{text("table")}</summary>'
        f"{''.join(tables)}</details>"
    )
    return (
        f'<figure class="ptc-recording" id="{anchor}"'
        f' aria-labelledby="{anchor}-caption">'
        f'<div class="ptc-rec-drawing" aria-hidden="true">{legend}{"".join(body)}'
        f"{_axis(scale, lang)}</div>{caption}{details}</figure>"
    )
