// The exercises at the end of a topic page (ptc.exercises renders them):
// Check for the coroutine ones, a pasted check.py run read back for the
// local ones, the predict controls, the solution shown after an attempt,
// and the reader's progress. run_buttons.js loads this
// file only on a page with exercises, and hands it the page's one engine
// and its runners. Nothing leaves the browser: progress is localStorage.
import { el, fill, keepFragmentInPlace } from "./dom.js";

const STORE = "ptc-exercise:"; // + <lang>/<page>/<n>
const READER_CODE = '"__PTC_READER_CODE__"'; // the harness's placeholder (ptc.exercises)
const MARK = "\x1ePTC-CHECK "; // before each check's result line

const storage = (() => {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked: progress lasts as long as the page
  }
})();

function load(key) {
  try {
    return JSON.parse(storage?.getItem(key) || "{}");
  } catch {
    return {};
  }
}

function save(key, state) {
  try {
    if (Object.keys(state).length) storage?.setItem(key, JSON.stringify(state));
    else storage?.removeItem(key);
  } catch {
    // storage full or blocked: the state lives on in the page
  }
}

class Exercise {
  constructor(box, text, page) {
    this.box = box;
    this.T = text;
    this.page = page;
    this.key = `${STORE}${box.dataset.lang}/${box.dataset.exercise}`;
    this.state = load(this.key);
    this.solution = box.querySelector(".ptc-solution");
    this.bar = el("div", { class: "ptc-exercise-bar" });
    this.revealBtn = el("button", { type: "button", class: "ptc-reveal md-button" }, text.reveal);
    this.resetBtn = el("button", { type: "button", class: "ptc-exercise-reset md-button" }, text.reset);
    this.status = el("p", { class: "ptc-exercise-status", role: "status" });
    this.bar.append(this.revealBtn, this.resetBtn);
    this.solution.before(this.status, this.bar);
    this.revealBtn.addEventListener("click", () => this.toggleSolution());
    this.resetBtn.addEventListener("click", () => this.reset());
  }

  get attempted() {
    return Boolean(this.state.attempted);
  }

  get locked() {
    return this.T.reveal_locked; // what to do before the solution opens
  }

  store(changes) {
    Object.assign(this.state, changes);
    save(this.key, this.state);
    this.show();
    this.page.update();
  }

  show() {
    const revealed = Boolean(this.state.revealed);
    this.solution.hidden = !revealed;
    this.revealBtn.textContent = revealed ? this.T.hide : this.T.reveal;
    this.revealBtn.setAttribute("aria-expanded", String(revealed));
    this.revealBtn.disabled = !this.attempted;
    this.revealBtn.title = this.attempted ? "" : this.locked;
    this.box.dataset.done = this.state.done ? "yes" : "no";
    this.box.dataset.revealed = revealed ? "yes" : "no";
  }

  toggleSolution() {
    if (!this.attempted) return this.say(this.locked);
    this.store({ revealed: !this.state.revealed });
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  reset() {
    this.state = {};
    save(this.key, this.state);
    this.say("");
    this.show();
    this.page.update();
  }
}

class Predict extends Exercise {
  constructor(box, text, page) {
    super(box, text, page);
    this.holder = box.querySelector(".ptc-predict");
    this.spec = JSON.parse(this.holder.dataset.predict);
    this.checkBtn = el("button", { type: "button", class: "ptc-check md-button md-button--primary" }, text.check);
    this.bar.prepend(this.checkBtn);
    this.checkBtn.addEventListener("click", () => this.check());
    this.draw();
    this.show();
  }

  lines() {
    const saved = this.state.order;
    const start = this.spec.lines;
    // A saved order is used only when it holds the same lines.
    const same = saved && [...saved].sort().join("\n") === [...start].sort().join("\n");
    return same ? saved : start.slice();
  }

  draw() {
    this.holder.textContent = "";
    if (this.spec.mode === "order") this.drawOrder();
    else this.drawChoice();
  }

  drawOrder(focus) {
    const lines = this.lines();
    this.holder.textContent = "";
    this.holder.append(el("p", { class: "ptc-predict-label", id: `${this.box.dataset.anchor}-order` }, this.T.order));
    const list = el("ol", { class: "ptc-order", "aria-labelledby": `${this.box.dataset.anchor}-order` });
    lines.forEach((line, i) => {
      const item = el("li");
      item.append(el("code", {}, line));
      for (const [dir, sign] of [["up", -1], ["down", 1]]) {
        const button = el("button", { type: "button", class: `ptc-move ptc-move-${dir}`, "aria-label": fill(this.T[dir], { line }) }, sign < 0 ? "↑" : "↓");
        const j = i + sign;
        if (j < 0 || j >= lines.length) button.disabled = true;
        button.addEventListener("click", () => {
          const next = lines.slice();
          [next[i], next[j]] = [next[j], next[i]];
          this.store({ order: next });
          this.drawOrder({ index: j, dir });
        });
        item.append(button);
      }
      list.append(item);
    });
    this.holder.append(list);
    if (focus) {
      const item = list.children[focus.index];
      const button = item.querySelector(`.ptc-move-${focus.dir}:not(:disabled)`) || item.querySelector(".ptc-move:not(:disabled)");
      button?.focus();
    }
  }

  drawChoice() {
    const group = el("fieldset", { class: "ptc-choose" });
    group.append(el("legend", {}, this.T.choose));
    const name = `${this.box.dataset.anchor}-choice`;
    this.spec.options.forEach((option, i) => {
      const label = el("label", { class: "ptc-option" });
      const input = el("input", { type: "radio", name, value: String(i) });
      if (this.state.choice === i) input.checked = true;
      input.addEventListener("change", () => this.store({ choice: i }));
      label.append(input, el("pre", {}, option));
      group.append(label);
    });
    this.holder.append(group);
  }

  check() {
    const answer = this.spec.answer;
    let right;
    if (this.spec.mode === "order") {
      const lines = this.lines();
      const truth = answer.split("\n");
      const wrong = lines.filter((line, i) => line !== truth[i]).length;
      right = wrong === 0;
      if (!right) this.say(fill(this.T.wrong_order, { n: wrong }), "wrong");
    } else {
      if (this.state.choice === undefined) return this.say(this.T.choose_first, "wrong");
      right = this.spec.options[this.state.choice] === answer;
      if (!right) this.say(this.T.wrong_choice, "wrong");
    }
    const run = this.box.dataset.runs === "browser" ? this.T.sep + this.T.run_it : "";
    if (right) this.say(this.T.right + run, "right");
    else if (run) this.status.textContent += run;
    // Right: the explanation opens with it.
    this.store({ attempted: true, done: right || this.state.done || false, ...(right ? { revealed: true } : {}) });
  }

  reset() {
    super.reset();
    this.draw();
  }
}

const MARKS = { passed: "✓", failed: "✗", unchecked: "–", not_run: "–", pending: "…" };

// One check's line in a results list, for Check and a pasted run alike: its
// mark, verdict and id, and for a failed one its detail and hint.
function checkItem(id, state, verdict, { detail = "", hint = "" } = {}) {
  const item = el("li", { "data-check": id, "data-result": state });
  const head = el("p", { class: "ptc-check-head" });
  head.append(el("span", { class: "ptc-check-mark", "aria-hidden": "true" }, MARKS[state]));
  if (verdict) head.append(`${verdict}: `);
  head.append(el("code", {}, id));
  item.append(head);
  if (detail) item.append(el("p", { class: "ptc-check-detail" }, detail));
  if (hint) {
    const p = el("p", { class: "ptc-check-hint" });
    p.innerHTML = hint; // the site's own text (ptc.exercises.inline_html)
    item.append(p);
  }
  return item;
}

class Checked extends Exercise {
  constructor(box, text, page, engine, runner) {
    super(box, text, page);
    this.engine = engine;
    this.runner = runner;
    this.hints = JSON.parse(box.dataset.hints);
    this.template = box.dataset.harness;
    this.checkBtn = el("button", { type: "button", class: "ptc-check md-button md-button--primary" }, text.check);
    runner.runBtn.after(this.checkBtn);
    this.results = el("ol", { class: "ptc-check-results", hidden: "" });
    this.output = el("pre", { class: "ptc-check-output", hidden: "", tabindex: "0" });
    this.status.after(this.results, this.output);
    this.checkBtn.addEventListener("click", () => this.check());
    // A Run counts as an attempt too.
    runner.runBtn.addEventListener("click", () => this.store({ attempted: true }));
    this.show();
  }

  draw(got, finished) {
    this.results.textContent = "";
    this.results.hidden = false;
    for (const id of Object.keys(this.hints)) {
      const result = got[id];
      const state = result ? (result.ok ? "passed" : "failed") : finished ? "not_run" : "pending";
      const failed = result && !result.ok ? { detail: result.detail, hint: this.hints[id] } : {};
      this.results.append(checkItem(id, state, state === "pending" ? "" : this.T[state], failed));
    }
  }

  async check() {
    if (this.checking) return;
    this.checking = true;
    const runner = this.runner;
    if (runner.busy) {
      // A Run of this block: stop it, and let it tidy its buttons first.
      runner.abort = true;
      await this.engine.stop();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const code = runner.code();
    // The reader's code goes in as a JSON string, which Python reads as a
    // string literal; a function, so that "$&" in the code stays as it is.
    const harness = this.template.replace(READER_CODE, () => JSON.stringify(code));
    const got = {};
    let pending = "";
    this.output.textContent = "";
    this.output.hidden = true;
    this.draw(got, false);
    this.say(this.T.checking);
    this.store({ attempted: true });
    this.checkBtn.disabled = true;
    runner.runBtn.disabled = true;
    runner.stopBtn.disabled = false;
    runner.abort = false;
    const print = (text, kind) => {
      if (!text) return;
      this.output.hidden = false;
      if (kind === "err") this.output.append(el("span", { class: "ptc-stderr" }, text));
      else this.output.append(text);
    };
    const line = (text) => {
      if (!text.startsWith(MARK)) return print(text + "\n");
      const result = JSON.parse(text.slice(MARK.length));
      got[result.id] = result;
      this.draw(got, false);
    };
    let status = "error";
    this.box.dataset.check = "loading"; // then "running", "done": for tests and styles
    try {
      await this.engine.run(harness, "exercise_check.py", {
        started: () => (this.box.dataset.check = "running"),
        aborted: () => runner.abort,
        out: (stream, text) => {
          if (stream === "err") return print(text, "err");
          const parts = (pending + text).split("\n");
          pending = parts.pop();
          parts.forEach(line);
        },
        done: (result) => {
          if (pending) line(pending);
          pending = "";
          status = result.status;
        },
      });
    } catch (err) {
      print(String(err && err.message ? err.message : err), "err");
    } finally {
      this.box.dataset.check = "done";
      this.checking = false;
      this.checkBtn.disabled = false;
      runner.runBtn.disabled = false;
      runner.stopBtn.disabled = true;
    }
    this.draw(got, true);
    this.finish(got, status);
  }

  finish(got, status) {
    const ids = Object.keys(this.hints);
    if (got.loads) {
      this.say(fill(this.T.loads, { detail: got.loads.detail }) + this.T.sep + this.T.loads_hint, "wrong");
      return;
    }
    if (status === "stopped") return this.say(this.T.stopped, "wrong");
    const failed = ids.filter((id) => !got[id]?.ok).length;
    if (failed === 0) {
      this.say(this.T.all_passed, "right");
      this.store({ done: true });
    } else if (ids.some((id) => got[id])) {
      this.say(fill(this.T.some_failed, { failed, total: ids.length }), "wrong");
    } else {
      this.say(this.T.error, "wrong");
    }
  }

  reset() {
    super.reset();
    this.results.hidden = true;
    this.output.hidden = true;
    this.runner.reset(); // back to the starter, and its saved edit forgotten
  }
}

// A local exercise's checker output, pasted back into the page. Its lines'
// wording is checklib's own (exercises/checklib.py, MESSAGES), in every
// language it speaks: ptc.exercises sends them as patterns (data-checker),
// each a regex and the placeholder each of its groups holds.
const VERDICTS = ["passed", "failed", "unchecked"];
// Notes whose next lines quote the program's stdout or stderr: no check
// line is read from there until the next start method.
const QUOTES = ["printed", "exit_code", "stderr_before"];

function compilePatterns(spec) {
  const out = {};
  for (const [key, list] of Object.entries(spec)) {
    out[key] = list.map(({ re, groups }) => ({ re: new RegExp(re), groups }));
  }
  return out;
}

function matchLine(patterns, key, line) {
  for (const { re, groups } of patterns[key] || []) {
    const m = re.exec(line);
    if (m) return Object.fromEntries(groups.map((name, i) => [name, m[i + 1]]));
  }
  return null;
}

// The last checker run in `text`: the exercise its header names, each check
// line (id, verdict, start method) and its summary; null without a header.
export function readRun(text, patterns) {
  const lines = text.split(/\r\n|\r|\n/);
  let start = -1;
  let exercise = null;
  lines.forEach((line, i) => {
    const header = matchLine(patterns, "checking", line);
    if (header) [start, exercise] = [i, header.exercise];
  });
  if (start < 0) return null;
  const checks = [];
  let method = null;
  let quoting = false;
  let summary = null;
  for (const line of lines.slice(start + 1)) {
    const named = matchLine(patterns, "method", line);
    if (named || matchLine(patterns, "default_method", line)) {
      method = named ? named.method : null;
      quoting = false;
      continue;
    }
    const total = matchLine(patterns, "summary", line) || matchLine(patterns, "summary_ok", line);
    if (total) {
      summary = { passed: Number(total.passed ?? total.total), total: Number(total.total) };
      quoting = false;
      continue;
    }
    if (QUOTES.some((key) => matchLine(patterns, key, line))) quoting = true;
    if (quoting) continue;
    for (const verdict of VERDICTS) {
      const check = matchLine(patterns, verdict, line);
      if (check) {
        checks.push({ id: check.check, verdict, method });
        break;
      }
    }
  }
  return { exercise, checks, summary };
}

class Local extends Exercise {
  constructor(box, text, page) {
    super(box, text, page);
    this.patterns = page.checker;
    this.hints = JSON.parse(box.dataset.hints || "{}");
    const id = `${box.dataset.anchor}-paste`;
    this.paste = el("div", { class: "ptc-paste" });
    this.input = el("textarea", {
      id,
      class: "ptc-paste-input",
      rows: "6",
      spellcheck: "false",
      autocomplete: "off",
      autocapitalize: "off",
      wrap: "off",
    });
    this.readBtn = el("button", { type: "button", class: "ptc-paste-read md-button md-button--primary" }, text.paste_read);
    this.paste.append(el("label", { for: id, class: "ptc-paste-label" }, text.paste_label), this.input, this.readBtn);
    this.results = el("ol", { class: "ptc-check-results", hidden: "" });
    this.status.before(this.paste);
    this.status.after(this.results);
    this.readBtn.addEventListener("click", () => this.read());
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.read();
      }
    });
    this.show();
  }

  get locked() {
    return this.T.reveal_locked_local;
  }

  read() {
    const text = this.input.value;
    const fail = (message) => {
      this.results.hidden = true;
      this.box.dataset.paste = "refused"; // for tests and styles
      this.say(message, "wrong");
    };
    if (!text.trim()) return fail(this.T.paste_empty);
    const run = readRun(text, this.patterns);
    if (!run) return fail(this.T.paste_none);
    const want = this.box.dataset.exercise;
    if (run.exercise !== want) return fail(fill(this.T.paste_other, { got: run.exercise, want }));
    if (!run.checks.length) return fail(this.T.paste_cut);
    this.box.dataset.paste = "read";
    const failed = this.draw(run.checks);
    let message = failed
      ? fill(this.T.some_failed, { failed, total: this.results.children.length })
      : this.T.all_passed;
    if (!run.summary) message += this.T.sep + this.T.paste_no_summary;
    this.say(message, failed ? "wrong" : "right");
    this.store({ attempted: true, done: !failed || Boolean(this.state.done) });
  }

  // One line per check, as Check draws them; a check run under several
  // start methods fails if it failed under one. Returns how many did not pass.
  draw(checks) {
    const found = new Map();
    for (const { id, verdict, method } of checks) {
      if (!found.has(id)) found.set(id, { passed: [], failed: [], unchecked: [] });
      found.get(id)[verdict].push(method);
    }
    const ids = [...Object.keys(this.hints), ...[...found.keys()].filter((id) => !(id in this.hints))];
    this.results.textContent = "";
    this.results.hidden = false;
    let notPassed = 0;
    for (const id of ids) {
      const seen = found.get(id);
      const state = !seen ? "not_run" : seen.failed.length ? "failed" : seen.unchecked.length ? "unchecked" : "passed";
      if (state !== "passed") notPassed += 1;
      const methods = seen && state !== "passed" ? seen[state].filter(Boolean) : [];
      const under = methods.length ? fill(this.T.under, { methods: methods.join(this.T.list_sep) }) : "";
      const failed = state === "failed" ? { hint: this.hints[id] } : {};
      this.results.append(checkItem(id, state, `${this.T[state]}${under}`, failed));
    }
    return notPassed;
  }

  reset() {
    super.reset();
    this.input.value = "";
    this.results.hidden = true;
    delete this.box.dataset.paste;
  }
}

// The progress line above a page's exercises, with a reset for all of them.
class Page {
  constructor(root) {
    this.root = root;
    this.T = JSON.parse(root.dataset.labels);
    // The patterns of a checker's lines, on a page with local exercises.
    this.checker = root.dataset.checker ? compilePatterns(JSON.parse(root.dataset.checker)) : null;
    this.exercises = [];
    this.line = el("span", { class: "ptc-progress-line" });
    this.resetAll = el("button", { type: "button", class: "ptc-reset-all md-button" }, this.T.reset_all);
    root.append(this.line, this.resetAll);
    this.resetAll.addEventListener("click", () => this.exercises.forEach((e) => e.reset()));
  }

  update() {
    const done = this.exercises.filter((e) => e.state.done).length;
    this.line.textContent = fill(this.T.progress, { done, total: this.exercises.length });
  }
}

export function init({ engine, runners }) {
  const root = document.querySelector(".ptc-exercises");
  if (!root) return;
  keepFragmentInPlace(() => {
    const page = new Page(root);
    for (const box of document.querySelectorAll(".ptc-exercise")) {
      let exercise;
      if (box.dataset.kind === "predict") exercise = new Predict(box, page.T, page);
      else if (box.dataset.harness) {
        const runner = runners.find((r) => box.contains(r.codeBox));
        if (!runner) continue;
        exercise = new Checked(box, page.T, page, engine, runner);
      } else if (box.dataset.runs === "local" && page.checker) exercise = new Local(box, page.T, page);
      else exercise = new Exercise(box, page.T, page);
      exercise.show();
      page.exercises.push(exercise);
    }
    page.update();
  });
  root.dataset.ready = "yes";
}
