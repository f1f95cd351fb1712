// Run buttons for the code blocks hooks/runner.py marked (.ptc-run-code).
// This file loads on every page, so it stays small and fetches nothing
// until the reader acts: the editor (editor.js) loads on the first edit or
// Run, and the Python runtime (worker.js + Pyodide) on the first Run.

import browser from "ptc:browser";
import * as share from "./share.js";
import { download, el, fill } from "./dom.js";

const ASSETS = new URL(".", import.meta.url); // <site>/assets/, also under a sub-path
const LANG = (document.documentElement.lang || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
const STOP_INTERRUPT_MS = 150; // no answer from the worker: it is busy in Python
const STOP_DEADLINE_MS = 1000; // still running: terminate the worker and start a new one
const LONG_RUN_MS = 3000;

// Labels and limits come from ptc.labels and ptc.browser_limits.
const TEXT = browser.labels[LANG];
const MAX_LINES = browser.maxLines; // the cap the worker applies, for the notice
const SHARE = browser.share; // the longest link, and the longest code in one

// One worker per page, shared by every runner on it, kept warm between runs.
class Engine {
  constructor() {
    this.worker = null;
    this.ready = null; // Promise, resolved when Pyodide is loaded
    this.current = null; // the run in progress: {id, handlers}
    this.nextId = 1;
    this.listeners = new Set(); // progress listeners
    this.waiting = new Set(); // runs waiting for Python to load
  }

  start() {
    if (this.ready) return this.ready;
    // WebKitGTK is cross-origin isolated yet has no SharedArrayBuffer: then
    // Stop cannot interrupt, and falls back to ending the worker.
    const canInterrupt = self.crossOriginIsolated && typeof SharedArrayBuffer === "function";
    const interrupt = canInterrupt ? new Uint8Array(new SharedArrayBuffer(1)) : null;
    const worker = new Worker(new URL("worker.js", ASSETS), { type: "module" });
    this.worker = worker;
    this.interrupt = interrupt;
    this.ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (worker !== this.worker) return;
        if (data.type === "progress") this.listeners.forEach((f) => f(data.loaded, data.total));
        else if (data.type === "ready") resolve();
        else if (data.type === "failed") reject(new Error(data.message));
        else this.dispatch(data);
      };
      worker.onerror = (event) => {
        // A KeyboardInterrupt can escape the event loop after Stop: harmless.
        event.preventDefault();
        if (worker === this.worker && !this.loaded) reject(new Error(event.message || "worker error"));
      };
    });
    this.ready.then(() => (this.loaded = true), () => this.kill());
    this.ready.catch(() => {});
    worker.postMessage({ type: "init", indexURL: new URL("vendor/pyodide/", ASSETS).href, interrupt });
    return this.ready;
  }

  dispatch(data) {
    const cur = this.current;
    if (!cur || data.id !== undefined && data.id !== cur.id) return;
    if (data.type === "out") cur.handlers.out(data.stream, data.text);
    else if (data.type === "trace") cur.handlers.trace?.(data.news); // a Check has no lanes
    else if (data.type === "stopping") cur.acked = true;
    else if (data.type === "done") this.finish(data);
  }

  finish(result) {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.interruptTimer);
    clearTimeout(cur.deadline);
    if (this.interrupt) this.interrupt[0] = 0; // a late interrupt must not hit the next run
    this.current = null;
    cur.handlers.done(result);
    cur.resolve();
  }

  async run(code, filename, handlers) {
    if (this.current) await this.stop();
    if (!(await this.whenLoaded(handlers)) || handlers.aborted()) return handlers.done({ status: "stopped" });
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.current = { id, handlers, resolve, acked: false };
      handlers.started();
      this.worker.postMessage({ type: "run", id, code, filename });
    });
  }

  // True once Python is ready; false as soon as Stop is pressed for this run
  // while Python still loads (on a slow network, half a minute). The load
  // goes on, for the next run.
  whenLoaded(handlers) {
    return new Promise((resolve, reject) => {
      const onStop = () => handlers.aborted() && resolve(false);
      this.waiting.add(onStop);
      this.start()
        .then(() => resolve(true), reject)
        .finally(() => this.waiting.delete(onStop));
    });
  }

  // Cancel politely first; interrupt busy Python code if we can; else
  // terminate the worker (time.sleep(30) cannot be interrupted at all).
  stop() {
    const cur = this.current;
    if (!cur) {
      this.waiting.forEach((onStop) => onStop());
      return Promise.resolve();
    }
    if (cur.stopping) return cur.stopping;
    cur.stopping = new Promise((resolve) => {
      const done = cur.resolve;
      cur.resolve = () => (done(), resolve());
    });
    this.worker.postMessage({ type: "stop" });
    cur.interruptTimer = setTimeout(() => {
      if (!cur.acked && this.interrupt) this.interrupt[0] = 2; // SIGINT
    }, STOP_INTERRUPT_MS);
    cur.deadline = setTimeout(() => {
      if (this.current !== cur) return;
      this.kill();
      this.finish({ status: "stopped", restarted: true });
      this.start(); // warm again for the next Run
    }, STOP_DEADLINE_MS);
    return cur.stopping;
  }

  kill() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = null;
    this.loaded = false;
  }
}

const engine = new Engine();
let editorModule = null;
const loadEditor = () => (editorModule ??= import(new URL("editor.js", ASSETS).href));
let timelineModule = null;
const loadTimeline = () => (timelineModule ??= import(new URL("timeline.js", ASSETS).href));

// The reader's edits stay in this browser, per example and language, or per
// snippet of a page. An example's zh and en code differ in their comments, so
// each language keeps its own edit; a snippet is the same code in both
// languages, so the zh and en pages share its edit.
const STORE = "ptc-edits:";
const pageKey = location.pathname.replace(/^(.*?\/)en\//, "$1");
const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: edits last as long as the page
  }
})();

// A share link (#share=<block>&code=…) asks for one block's code. The code
// is shown, marked as edited, and never runs until the reader presses Run.
const shareRequest = share.parse(location.hash);

function dropShareFragment() {
  if (share.parse(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
}

// The id a share link names a block by: an example's anchor, or for a
// snippet the heading above it and its place under that heading.
function blockId(codeBox) {
  const example = codeBox.closest(".ptc-example");
  if (example?.id) return example.id;
  const headings = [...document.querySelectorAll("article :is(h2, h3, h4)[id]")];
  let heading = null;
  for (const h of headings) {
    if (h.compareDocumentPosition(codeBox) & Node.DOCUMENT_POSITION_FOLLOWING) heading = h;
  }
  const under = [...document.querySelectorAll(".ptc-run-code")].filter(
    (box) => !box.closest(".ptc-example") && (!heading || heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  return `code-${heading ? heading.id : "top"}-${under.indexOf(codeBox) + 1}`;
}

class Runner {
  constructor(codeBox, index) {
    this.codeBox = codeBox;
    this.index = String(index);
    codeBox.dataset.ptcRunner = this.index;
    this.filename = codeBox.dataset.runFile || "main.py";
    this.original = codeBox.querySelector("code").textContent.replace(/\n$/, "");
    const example = codeBox.closest(".ptc-example");
    this.download = example ? example.dataset.download : null;
    this.expected = example ? example.querySelector(".ptc-output") : null;
    const exercise = codeBox.closest(".ptc-exercise"); // its edit is kept per exercise and language
    this.key = STORE + (example ? `${example.dataset.lang}/${example.dataset.example}` : exercise ? `${exercise.dataset.lang}/exercise/${exercise.dataset.exercise}` : `${pageKey}#${index}`);
    this.editor = null;
    this.block = blockId(codeBox);
    this.build();
    if (shareRequest && shareRequest.block === this.block) {
      shareRequest.found = true;
      this.openShared(shareRequest.payload);
      return;
    }
    const saved = storage?.getItem(this.key);
    if (saved != null && saved !== this.original) this.restore(saved);
  }

  // Shared code is not stored: the reader's own saved edit of this block
  // stays as it was, until they change the shared code (then it is theirs).
  async openShared(payload) {
    (this.codeBox.closest(".ptc-example") || this.codeBox).scrollIntoView({ block: "start" });
    let code;
    try {
      if (payload.length > SHARE.maxLink) throw new share.ShareError("too_long");
      code = await share.decode(payload, SHARE.maxChars);
    } catch (err) {
      const kind = err instanceof share.ShareError ? err.kind : "corrupt";
      this.say(kind === "too_long" ? TEXT.share_too_long_open : TEXT.share_corrupt, "idle");
      this.bar.dataset.share = kind;
      return;
    }
    this.shared = true;
    this.bar.dataset.share = "opened";
    const editor = await this.ensureEditor(false);
    this.settingShared = true;
    editor.setValue(code);
    this.edited(code); // the buttons; nothing is stored
    this.settingShared = false;
    this.say(TEXT.share_opened);
  }

  async share() {
    let payload;
    try {
      payload = await share.encode(this.code());
    } catch (err) {
      this.say(fill(TEXT.failed, { message: err.message }));
      return;
    }
    const link = location.origin + location.pathname + location.search + share.fragment(this.block, payload);
    if (link.length > SHARE.maxLink || this.code().length > SHARE.maxChars) {
      this.say(fill(TEXT.share_too_long, { max: SHARE.maxLink }));
      return;
    }
    try {
      await navigator.clipboard.writeText(link);
      this.say(TEXT.share_copied);
    } catch {
      // No clipboard (a page served over plain http on a school network):
      // the link goes into the address bar, to copy from there.
      history.replaceState(history.state, "", link);
      this.say(TEXT.share_in_address);
    }
  }

  async restore(saved) {
    const editor = await this.ensureEditor(false);
    editor.setValue(saved);
    this.edited(saved);
    this.say(TEXT.restored);
  }

  edited(text) {
    const changed = text !== this.original;
    this.resetBtn.disabled = !changed;
    this.bar.dataset.edited = changed ? "yes" : "no";
    this.printCopy(changed ? text : null);
    if (this.settingShared) return; // shared code, or Reset from it: not stored
    if (this.shared) {
      this.shared = false; // the reader changed the shared code: now it is theirs
      dropShareFragment();
    }
    if (!storage) return;
    try {
      if (changed) storage.setItem(this.key, text);
      else storage.removeItem(this.key);
    } catch {
      // storage full or blocked: the edit still lives in the editor
    }
  }

  // On paper the page shows the code as the reader edited it: the editor
  // draws only the lines on screen, so a plain copy is kept for print.
  printCopy(text) {
    this.codeBox.classList.toggle("ptc-edited", text !== null);
    if (text === null) {
      this.printed?.remove();
      this.printed = null;
      return;
    }
    if (!this.printed) {
      this.printed = el("div", { class: "ptc-print-code", "data-ptc-runner": this.index });
      this.printed.append(el("p", { class: "ptc-print-label" }, TEXT.print_edited), el("pre"));
      this.codeBox.after(this.printed);
    }
    this.printed.querySelector("pre").textContent = text;
  }

  copy() {
    navigator.clipboard?.writeText(this.code()).then(
      () => this.say(TEXT.copied),
      () => {},
    );
  }

  save() {
    download(this.code() + "\n", this.filename, "text/x-python");
  }

  build() {
    const bar = el("div", { class: "ptc-run-bar", role: "toolbar", "aria-label": TEXT.toolbar, "data-ptc-runner": this.index, "data-state": "idle" });
    this.bar = bar;
    this.runBtn = el("button", { type: "button", class: "ptc-run md-button md-button--primary" }, TEXT.run);
    this.stopBtn = el("button", { type: "button", class: "ptc-stop md-button", disabled: "" }, TEXT.stop);
    this.resetBtn = el("button", { type: "button", class: "ptc-reset md-button", disabled: "" }, TEXT.reset);
    this.copyBtn = el("button", { type: "button", class: "ptc-copy md-button" }, TEXT.copy);
    this.saveBtn = el("button", { type: "button", class: "ptc-save md-button" }, TEXT.save);
    this.shareBtn = el("button", { type: "button", class: "ptc-share md-button" }, TEXT.share);
    this.progress = el("progress", { class: "ptc-progress", max: "1", hidden: "", "aria-label": TEXT.loading });
    this.status = el("span", { class: "ptc-status", role: "status" });
    this.timer = el("span", { class: "ptc-timer", "aria-hidden": "true" });
    bar.append(this.runBtn, this.stopBtn, this.resetBtn, this.copyBtn, this.saveBtn, this.shareBtn, this.progress, this.status, this.timer);

    this.outBox = el("div", { class: "ptc-run-output", hidden: "", "data-ptc-runner": this.index });
    const label = el("p", { class: "ptc-run-output-label", id: `ptc-out-${this.index}` }, TEXT.output);
    this.pre = el("pre", { role: "log", "aria-live": "polite", "aria-labelledby": label.id, tabindex: "0" });
    this.note = el("div", { class: "ptc-run-note" });
    this.outBox.append(label, this.pre, this.note);
    this.codeBox.after(bar, this.outBox);

    this.runBtn.addEventListener("click", () => this.run());
    this.stopBtn.addEventListener("click", () => {
      this.abort = true; // if Python is still loading, do not start this run
      engine.stop();
    });
    this.resetBtn.addEventListener("click", () => this.reset());
    this.copyBtn.addEventListener("click", () => this.copy());
    this.saveBtn.addEventListener("click", () => this.save());
    this.shareBtn.addEventListener("click", () => this.share());
    // The editor loads when the reader starts editing the code.
    const wake = () => this.ensureEditor(true);
    this.codeBox.addEventListener("pointerdown", wake, { once: true });
    this.codeBox.addEventListener("focusin", wake, { once: true });
  }

  async ensureEditor(focus) {
    if (this.editor) return this.editor;
    this.editorPromise ??= loadEditor().then(({ createEditor }) => {
      const parent = el("div", { class: "ptc-editor", "data-ptc-runner": this.index });
      this.codeBox.after(parent);
      this.codeBox.classList.add("ptc-replaced");
      this.editor = createEditor({
        parent,
        doc: this.original,
        label: TEXT.editor,
        onRun: () => this.run(),
        onChange: (text) => this.edited(text),
      });
      return this.editor;
    });
    const editor = await this.editorPromise;
    if (focus) editor.focus();
    return editor;
  }

  code() {
    return this.editor ? this.editor.getValue() : this.original;
  }

  reset() {
    if (this.shared) {
      // Back to the original; the reader's own saved edit is left alone.
      this.shared = false;
      delete this.bar.dataset.share;
      dropShareFragment();
      this.settingShared = true;
      this.editor.setValue(this.original);
      this.settingShared = false;
    } else {
      if (this.editor) this.editor.setValue(this.original);
      this.edited(this.original);
    }
    this.clearOutput();
    this.outBox.hidden = true;
    this.say("", "idle");
  }

  say(text, state) {
    this.status.textContent = text;
    if (state) this.bar.dataset.state = state;
  }

  clearOutput() {
    this.pre.textContent = "";
    this.note.textContent = "";
    this.pending = [];
  }

  // Text is appended as Text nodes, never parsed as HTML; once per frame.
  write(stream, text) {
    this.pending.push([stream, text]);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const chunks = this.pending;
    this.pending = [];
    let run = "";
    let kind = null;
    const emit = () => {
      if (!run) return;
      if (kind === "err") this.pre.append(el("span", { class: "ptc-stderr" }, run));
      else this.pre.append(run);
      run = "";
    };
    for (const [stream, text] of chunks) {
      if (stream !== kind) emit();
      kind = stream;
      run += text;
    }
    emit();
    this.pre.scrollTop = this.pre.scrollHeight;
  }

  async run() {
    if (this.busy) return;
    this.busy = true;
    this.runBtn.disabled = true;
    this.stopBtn.disabled = false;
    this.clearOutput();
    this.outBox.hidden = false;
    this.abort = false;
    const source = this.code();
    // The lanes load with the first Run; news waits for them in order.
    this.timeline = loadTimeline().then(({ Timeline }) => {
      this.lanes ??= new Timeline({ parent: this.outBox, before: this.note, text: TEXT.timeline, lang: LANG, filename: this.filename });
      this.lanes.start(this.pre);
      return this.lanes;
    });
    this.timeline.catch(() => {}); // no lanes, still the output
    let t0 = 0;
    let tick = 0;
    const onProgress = (loaded, total) => {
      this.progress.hidden = false;
      this.progress.value = Math.min(loaded / total, 1);
      this.say(`${TEXT.loading} ${Math.round(this.progress.value * 100)}%`);
    };
    if (!engine.loaded) {
      this.say(engine.ready ? TEXT.starting : `${TEXT.loading}…`, "loading");
      engine.listeners.add(onProgress);
    }
    try {
      await engine.run(source, this.filename, {
        started: () => {
          engine.listeners.delete(onProgress);
          this.progress.hidden = true;
          this.say(TEXT.running, "running");
          t0 = performance.now();
          tick = setInterval(() => {
            const ms = performance.now() - t0;
            if (ms >= LONG_RUN_MS) {
              this.bar.classList.add("ptc-long-run");
              if (!this.longSaid) this.say(fill(TEXT.still, { seconds: Math.floor(ms / 1000) }));
              this.longSaid = true;
              this.timer.textContent = `${Math.floor(ms / 1000)} s`;
            }
          }, 500);
        },
        aborted: () => this.abort,
        out: (stream, text) => this.write(stream, text),
        trace: (news) => this.timeline.then((lanes) => lanes.news(news)),
        done: (result) => this.done(result, (performance.now() - t0) / 1000),
      });
    } catch (err) {
      this.say(fill(TEXT.failed, { message: err.message }), "failed");
    } finally {
      engine.listeners.delete(onProgress);
      clearInterval(tick);
      this.progress.hidden = true;
      this.longSaid = false;
      this.bar.classList.remove("ptc-long-run");
      this.timer.textContent = "";
      this.busy = false;
      this.runBtn.disabled = false;
      this.stopBtn.disabled = true;
    }
  }

  // Compare a run's output with the example's expected output, and say so.
  // On a phone the expected output then folds away, so the page stays short.
  compare() {
    const expected = this.expected.querySelector("pre").textContent.trim();
    const same = this.pre.textContent.trim() === expected;
    this.note.append(el("p", { class: same ? "ptc-matches" : "ptc-differs" }, same ? TEXT.matches : TEXT.differs));
    if (matchMedia("(max-width: 44.9375em)").matches && !this.expected.closest("details")) {
      const fold = el("details", { class: "ptc-expected" });
      fold.append(el("summary", {}, TEXT.expected));
      this.expected.replaceWith(fold);
      fold.append(this.expected);
    }
  }

  done(result, seconds) {
    this.flush();
    this.timeline.then((lanes) => lanes.finish(result.trace));
    // The editor loads after the run, not during it: on a cold start its
    // parsing would compete with Pyodide's for the same cores.
    this.ensureEditor(false);
    if (result.dropped) this.note.append(el("p", { class: "ptc-dropped" }, fill(TEXT.dropped, { n: result.dropped, max: MAX_LINES })));
    if (result.kind && TEXT.kinds[result.kind]) {
      const p = el("p", { class: "ptc-cannot" }, `${TEXT.kinds[result.kind]}${TEXT.sep}${TEXT.local}${TEXT.sep}`);
      if (this.download) {
        const a = el("a", { href: this.download, download: "" }, TEXT.download);
        p.append(a);
      }
      this.note.append(p);
    }
    if (this.expected && result.status !== "stopped") this.compare();
    if (result.status === "ok") this.say(fill(TEXT.ok, { seconds: seconds.toFixed(2) }), "ok");
    else if (result.status === "stopped") this.say(result.restarted ? TEXT.restarted : TEXT.stopped, "stopped");
    else this.say(TEXT.error, "error");
    registerIsolation();
  }
}

// After the first Run, register coi-serviceworker (from the site root) so
// that later pages are cross-origin isolated and Stop can interrupt busy
// code. It is not loaded before: first visits stay light and never reload.
let isolationAsked = false;
function registerIsolation() {
  if (isolationAsked || self.crossOriginIsolated || !self.isSecureContext || !navigator.serviceWorker) return;
  isolationAsked = true;
  self.coi = { doReload: () => {}, quiet: true };
  document.head.append(el("script", { src: new URL("../coi-serviceworker.min.js", ASSETS).href }));
}

const runners = [...document.querySelectorAll(".ptc-run-code")].map((codeBox, index) => new Runner(codeBox, index));
// A page with exercises gets their controls (Check, predict, solutions).
if (document.querySelector(".ptc-exercises")) import(new URL("exercises.js", ASSETS).href).then((m) => m.init({ engine, runners }));

if (shareRequest && !shareRequest.found) {
  // The block the link names is gone (renamed or removed): say so, and show
  // the page as it is.
  const notice = el("div", { class: "admonition warning ptc-share-missing", role: "alert" });
  notice.append(el("p", {}, fill(TEXT.share_missing, { block: shareRequest.block })));
  document.querySelector("article")?.prepend(notice);
}
