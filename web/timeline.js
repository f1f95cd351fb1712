// The live task lanes beside a run's output. Loaded on the first Run, like
// Pyodide; run_buttons.js hands it the news the worker sends while the code
// runs (runtime.py, Timeline.drain) and, at the end, the whole trace in
// Trace Event Format, which "Download trace" saves.
//
// One lane per asyncio task in the order they first ran (the main coroutine
// first): solid where the task ran, hatched where it waited at an await, a
// tick for each line it printed. More than `browser.timelineLanes` tasks are
// grouped by coroutine, so 1,000 tasks draw a handful of lanes. The SVG is
// drawn per pixel column, so its size does not grow with the spans.
import browser from "ptc:browser";
import css from "./timeline.css";
import { download, el, fill } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const MAX_LANES = browser.timelineLanes;
const MAX_ROWS = 500; // the table's rows; the trace file has them all
const LANE_H = 22;
const AXIS_H = 24;
const REDRAW_MS = 150;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

let styled = false;
function addStyles() {
  if (styled) return;
  styled = true;
  document.head.append(el("style", { id: "ptc-timeline-css" }, css));
}

// 1, 2 or 5 times a power of ten, so that about `n` ticks fit.
function tickStep(span, n) {
  const raw = span / n;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
}

export class Timeline {
  constructor({ parent, before, text, lang, filename }) {
    addStyles();
    this.text = text;
    this.lang = lang;
    this.filename = filename;
    this.box = el("section", { class: "ptc-timeline", "aria-label": text.title });
    const head = el("div", { class: "ptc-tl-head" });
    head.append(el("p", { class: "ptc-tl-title" }, text.title));
    const legend = el("p", { class: "ptc-tl-legend" });
    for (const kind of ["run", "wait", "print"]) {
      const item = el("span");
      item.append(el("span", { class: `ptc-tl-key ptc-tl-key--${kind}`, "aria-hidden": "true" }), text[`legend_${kind}`]);
      legend.append(item);
    }
    this.download = el("button", { type: "button", class: "md-button ptc-tl-download", title: text.download_title, disabled: "" }, text.download);
    this.download.addEventListener("click", () => this.save());
    head.append(legend, this.download);
    this.plot = el("div", { class: "ptc-tl-plot", tabindex: "0", role: "group" });
    this.said = el("p", { class: "ptc-tl-said", "aria-live": "polite" });
    this.caption = el("p", { class: "ptc-tl-caption" }, text.caption);
    this.table = el("details", { class: "ptc-tl-table" });
    this.box.append(head, this.plot, this.said, this.caption, this.table);
    parent.insertBefore(this.box, before);
    this.plot.addEventListener("keydown", (e) => this.key(e));
    this.plot.addEventListener("pointermove", (e) => this.pointAt(e));
    this.plot.addEventListener("pointerleave", () => this.select(null));
    new ResizeObserver(() => this.schedule()).observe(this.plot);
    this.start(null);
  }

  // A new run: forget the last one. `output` is the run's <pre>.
  start(output) {
    this.output = output;
    if (output) {
      delete output.dataset.tied;
      this.listen(output);
    }
    this.lanes = new Map(); // tid -> {name, spans: [], prints: []}
    this.prints = []; // every print, in time order
    this.waiting = {};
    this.now = 0;
    this.dropped = 0;
    this.traceText = null;
    this.selected = null;
    this.running = true;
    this.download.disabled = true;
    this.table.hidden = true;
    this.said.textContent = "";
    this.box.hidden = true;
    this.schedule();
  }

  lane(tid) {
    let lane = this.lanes.get(tid);
    if (!lane) this.lanes.set(tid, (lane = { tid, name: tid === 0 ? this.text.module : `#${tid}`, spans: [], prints: [] }));
    return lane;
  }

  add(event) {
    if (event.ph === "X") this.lane(event.tid).spans.push(event);
    else if (event.ph === "i" && event.name === "print") {
      this.lane(event.tid).prints.push(event);
      this.prints.push(event);
    }
  }

  // News from the worker while the code runs (JSON text).
  news(json) {
    if (!json) return;
    const news = JSON.parse(json);
    for (const [tid, name] of Object.entries(news.lanes)) this.lane(Number(tid)).name = name;
    news.events.forEach((e) => this.add(e));
    this.waiting = news.waiting;
    this.now = Math.max(this.now, news.now);
    this.dropped = news.dropped;
    this.schedule();
  }

  // The run ended: draw the whole trace, tie its prints to the output lines.
  finish(traceText) {
    this.running = false;
    this.waiting = {};
    if (traceText) {
      this.traceText = traceText;
      const trace = JSON.parse(traceText);
      this.lanes = new Map();
      this.prints = [];
      for (const e of trace.traceEvents) {
        if (e.ph === "M" && e.name === "thread_name" && e.tid !== 0) this.lane(e.tid).name = e.args.name;
        else this.add(e);
      }
      this.prints.sort((a, b) => a.ts - b.ts);
      this.prints.forEach((p, n) => (p.n = n));
      this.dropped = trace.otherData?.dropped_events ?? 0;
      this.now = Math.max(0, ...trace.traceEvents.filter((e) => e.ts !== undefined).map((e) => e.ts + (e.dur || 0)));
      this.download.disabled = false;
    }
    this.tieLines();
    this.fillTable();
    this.draw();
  }

  save() {
    if (this.traceText) download(this.traceText, this.filename.replace(/\.py$/, "") + ".trace.json", "application/json");
  }

  schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.draw();
    }, this.running ? REDRAW_MS : 0);
  }

  // The lanes to draw: every task, or, past MAX_LANES, one per coroutine.
  rows() {
    const lanes = [...this.lanes.values()].filter((l) => l.tid !== 0 || l.prints.length || l.spans.length);
    lanes.sort((a, b) => a.tid - b.tid);
    if (lanes.length <= MAX_LANES) return lanes.map((l) => ({ name: l.name, members: [l] }));
    const groups = new Map();
    for (const lane of lanes) {
      const key = lane.tid === 0 ? "\0module" : lane.name.split(" ").pop();
      if (!groups.has(key)) groups.set(key, { key, members: [] });
      groups.get(key).members.push(lane);
    }
    let rows = [...groups.values()];
    if (rows.length > MAX_LANES) {
      const rest = rows.slice(MAX_LANES - 1);
      rows = rows.slice(0, MAX_LANES - 1);
      rows.push({ key: this.text.other, members: rest.flatMap((g) => g.members) });
    }
    return rows.map((g) => ({
      name: g.members.length === 1 ? g.members[0].name : fill(this.text.group, { name: g.key, n: g.members.length }),
      members: g.members,
    }));
  }

  draw() {
    const rows = this.rows();
    const width = Math.max(this.plot.clientWidth, 200);
    // Code with no asyncio task has nothing to show but its prints.
    if (!rows.some((r) => r.members.some((l) => l.tid !== 0))) {
      this.box.hidden = true;
      this.plot.replaceChildren();
      return;
    }
    this.box.hidden = false;
    const labelW = Math.min(150, Math.round(width * 0.3));
    const cols = Math.max(width - labelW - 8, 50);
    const end = Math.max(this.now, 1);
    const scale = cols / end; // px per µs
    const height = rows.length * LANE_H + AXIS_H;
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "ptc-tl-svg", "aria-hidden": "true" });
    root.append(this.hatch());
    this.geometry = { rows, labelW, scale, end, cols };
    rows.forEach((row, i) => root.append(this.drawRow(row, i, labelW, cols, scale)));
    root.append(this.axis(rows.length * LANE_H, labelW, cols, end, scale));
    this.marker = svg("line", { class: "ptc-tl-marker", y1: 0, y2: rows.length * LANE_H, hidden: "" });
    root.append(this.marker);
    this.plot.replaceChildren(root);
    const seconds = (end / 1e6).toFixed(2);
    this.plot.setAttribute("aria-label", fill(this.text.plot, { lanes: rows.length, seconds }));
    if (this.selected) this.select(this.selected, false);
  }

  hatch() {
    const defs = svg("defs");
    const pattern = svg("pattern", { id: "ptc-tl-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pattern.append(svg("rect", { width: 2.5, height: 6, class: "ptc-tl-hatch-line" }));
    defs.append(pattern);
    return defs;
  }

  // One lane: per pixel column, "ran" beats "waited" (a group lane shows a
  // column as running when any of its tasks ran in it).
  drawRow(row, i, labelW, cols, scale) {
    const g = svg("g", { class: "ptc-tl-lane", transform: `translate(0 ${i * LANE_H})` });
    const fits = Math.floor((labelW - 8) / 6.7); // 11 px monospace
    const shown = row.name.length > fits ? row.name.slice(0, fits - 1) + "…" : row.name;
    const name = svg("text", { x: 4, y: LANE_H / 2 + 4, class: "ptc-tl-name" }, shown);
    name.append(svg("title", {}, row.name));
    g.append(svg("rect", { x: 0, y: 0, width: labelW + cols, height: LANE_H, class: i % 2 ? "ptc-tl-band ptc-tl-band--odd" : "ptc-tl-band" }), name);
    const state = new Uint8Array(cols); // 0 idle, 1 waits, 2 runs
    const reason = new Array(cols);
    const mark = (from, to, value, on) => {
      const a = Math.max(0, Math.floor(from * scale));
      const b = Math.min(cols, Math.max(a + 1, Math.ceil(to * scale)));
      for (let x = a; x < b; x++) {
        if (value >= state[x]) {
          state[x] = value;
          if (on) reason[x] = on;
        }
      }
    };
    for (const lane of row.members) {
      for (const s of lane.spans) mark(s.ts, s.ts + s.dur, s.cat === "run" ? 2 : 1, s.args?.on);
      const open = this.waiting[lane.tid];
      if (open) mark(open[0], this.now, 1, open[1]);
    }
    const bars = svg("g", { transform: `translate(${labelW} 0)` });
    for (let x = 0; x < cols; ) {
      const value = state[x];
      const on = reason[x];
      let to = x + 1;
      while (to < cols && state[to] === value && (value !== 1 || reason[to] === on)) to++;
      if (value) {
        const isRun = value === 2;
        // A step of a few µs is one column: drawn 2 px wide, so it shows.
        const w = isRun ? Math.max(2, to - x) : to - x;
        const bar = svg("rect", { x, y: isRun ? 4 : 7, width: w, height: isRun ? LANE_H - 8 : LANE_H - 14, class: isRun ? "ptc-tl-run" : "ptc-tl-wait" });
        const what = isRun ? this.text.runs : fill(this.text.waits, { on: this.reason(on) });
        bar.append(svg("title", {}, what));
        bars.append(bar);
        if (!isRun && to - x >= 56) bars.append(svg("text", { x: x + 4, y: LANE_H / 2 + 4, class: "ptc-tl-reason" }, this.reason(on)));
      }
      x = to;
    }
    // A small triangle on the lane's top edge, over the running bar; one
    // per pixel column, so a flood of prints stays a few hundred marks.
    const printed = new Uint8Array(cols);
    let marks = "";
    for (const lane of row.members) {
      for (const p of lane.prints) {
        const x = Math.min(cols - 1, Math.floor(p.ts * scale));
        if (printed[x]) continue;
        printed[x] = 1;
        marks += `M${x - 3.5} 0h8l-4 6z`;
      }
    }
    if (marks) bars.append(svg("path", { d: marks, class: "ptc-tl-print" }));
    g.append(bars);
    return g;
  }

  reason(on) {
    if (!on) return this.text.wait_future;
    if (on.startsWith("task ")) return fill(this.text.wait_task, { name: on.slice(5) });
    return this.text[`wait_${on}`] ?? on;
  }

  axis(y, labelW, cols, end, scale) {
    const g = svg("g", { class: "ptc-tl-axis", transform: `translate(${labelW} ${y})` });
    g.append(svg("line", { x1: 0, x2: cols, y1: 0.5, y2: 0.5 }));
    const step = tickStep(end, Math.max(2, Math.floor(cols / 70)));
    const unit = step >= 1e5 ? [1e6, this.text.s] : [1e3, this.text.ms];
    for (let t = 0; t <= end; t += step) {
      const x = t * scale;
      g.append(svg("line", { x1: x, x2: x, y1: 0, y2: 5 }));
      const value = +(t / unit[0]).toFixed(3);
      g.append(svg("text", { x, y: 17, "text-anchor": t === 0 ? "start" : "middle" }, t === 0 ? "0" : `${value} ${unit[1]}`));
    }
    return g;
  }

  // Each printed line of the output becomes its own span, so that it and
  // its print on the timeline can point at each other.
  tieLines() {
    const pre = this.output;
    if (!pre || pre.dataset.tied) return;
    pre.dataset.tied = "yes";
    const counts = { stdout: 0, stderr: 0 };
    const byStream = { stdout: [], stderr: [] };
    for (const p of this.prints) byStream[p.args.stream]?.push(p);
    const lines = [];
    let line = null;
    const pieces = [...pre.childNodes].map((n) => [n.nodeType === 1 && n.classList.contains("ptc-stderr") ? "stderr" : "stdout", n.textContent]);
    pre.replaceChildren();
    for (const [stream, textRun] of pieces) {
      const parts = textRun.split("\n");
      parts.forEach((part, k) => {
        if (!line) {
          const print = byStream[stream][counts[stream]++];
          line = el("span", { class: "ptc-line" });
          if (print) {
            line.dataset.print = String(print.n);
            print.line = line;
          }
          lines.push(line);
          pre.append(line);
        }
        if (part) line.append(stream === "stderr" ? el("span", { class: "ptc-stderr" }, part) : document.createTextNode(part));
        if (k < parts.length - 1) {
          line.append("\n");
          line = null;
        }
      });
    }
    if (line && !line.textContent) line.remove();
  }

  listen(pre) {
    if (this.listening === pre) return;
    this.listening = pre;
    pre.addEventListener("pointerover", (e) => {
      const target = e.target.closest?.(".ptc-line[data-print]");
      if (target) this.select(this.prints[Number(target.dataset.print)], false);
    });
    pre.addEventListener("pointerleave", () => this.select(null));
  }

  // Highlight one print on the timeline and its line in the output.
  select(print, scroll = true) {
    this.output?.querySelector(".ptc-line--lit")?.classList.remove("ptc-line--lit");
    this.selected = print;
    if (!this.marker) return;
    if (!print) {
      this.marker.setAttribute("hidden", "");
      this.said.textContent = "";
      return;
    }
    const { rows, labelW, scale } = this.geometry;
    const x = labelW + print.ts * scale;
    const row = rows.findIndex((r) => r.members.some((l) => l.tid === print.tid));
    this.marker.setAttribute("x1", x);
    this.marker.setAttribute("x2", x);
    this.marker.setAttribute("y1", row * LANE_H);
    this.marker.setAttribute("y2", (row + 1) * LANE_H);
    this.marker.removeAttribute("hidden");
    if (print.line) {
      print.line.classList.add("ptc-line--lit");
      if (scroll) print.line.scrollIntoView({ block: "nearest" });
    }
    this.said.textContent = fill(this.text.selected, {
      n: this.prints.indexOf(print) + 1,
      text: print.args.text,
      lane: rows[row]?.name ?? "",
      ms: (print.ts / 1000).toFixed(1),
    });
  }

  key(e) {
    if (!this.prints.length || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) return;
    e.preventDefault();
    const at = this.selected ? this.prints.indexOf(this.selected) : -1;
    const last = this.prints.length - 1;
    const next = { ArrowLeft: Math.max(at - 1, 0), ArrowRight: Math.min(at + 1, last), Home: 0, End: last }[e.key];
    this.select(this.prints[next]);
  }

  // A pointer on the plot selects the nearest print in that lane.
  pointAt(e) {
    if (!this.geometry || !this.prints.length) return;
    const { rows, labelW, scale } = this.geometry;
    const box = this.plot.getBoundingClientRect();
    const row = rows[Math.floor((e.clientY - box.top) / LANE_H)];
    if (!row) return;
    const t = (e.clientX - box.left - labelW) / scale;
    const tids = new Set(row.members.map((l) => l.tid));
    let best = null;
    for (const p of this.prints) {
      if (tids.has(p.tid) && (!best || Math.abs(p.ts - t) < Math.abs(best.ts - t))) best = p;
    }
    // Only a print under the pointer: a synthetic move after a scroll must
    // not drop what the keyboard chose.
    if (best && Math.abs(best.ts - t) * scale <= 8) this.select(best, false);
  }

  // The text alternative: every span and print, in time order.
  fillTable() {
    const t = this.text;
    const names = new Map([...this.lanes.values()].map((l) => [l.tid, l.name]));
    const events = [...this.lanes.values()].flatMap((l) => [...l.spans, ...l.prints]).sort((a, b) => a.ts - b.ts);
    const table = el("table");
    table.append(el("caption", {}, t.table_caption));
    const head = el("tr");
    for (const key of ["col_lane", "col_start", "col_end", "col_what"]) head.append(el("th", { scope: "col" }, t[key]));
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const body = el("tbody");
    const ms = (us) => (us / 1000).toFixed(2);
    for (const e of events.slice(0, MAX_ROWS)) {
      const row = el("tr");
      const what = e.ph === "i" ? fill(t.prints, { text: e.args.text }) : e.cat === "run" ? t.runs : fill(t.waits, { on: this.reason(e.args?.on) });
      row.append(el("th", { scope: "row" }, names.get(e.tid) ?? ""), el("td", {}, ms(e.ts)), el("td", {}, ms(e.ts + (e.dur || 0))), el("td", {}, what));
      body.append(row);
    }
    table.append(body);
    const summary = el("summary", {}, fill(t.table, { n: events.length }));
    const notes = [];
    if (events.length > MAX_ROWS) notes.push(fill(t.rows_cut, { max: MAX_ROWS }));
    if (this.dropped) notes.push(fill(t.dropped, { n: this.dropped }));
    this.table.replaceChildren(summary, ...notes.map((n) => el("p", {}, n)), table);
    this.table.hidden = events.length === 0;
  }
}
