// Module Web Worker: holds one warm Pyodide for every runner on the page.
// Messages in:  {type: "init", indexURL, interrupt?} | {type: "run", id, code, filename}
//               | {type: "stop"}
// Messages out: {type: "progress", loaded, total} | {type: "ready"} | {type: "failed", message}
//               | {type: "out", id, stream, text} | {type: "trace", id, news}
//               | {type: "done", id, status, kind, dropped, trace} | {type: "stopping"}
// news: what the run's timeline recorded since the last message (JSON text,
// runtime.py Timeline.drain); trace: the whole run in Trace Event Format.
import browser from "ptc:browser";
import { createRuntime } from "./runtime.mjs";

/* global PYODIDE_BYTES */
// A flood is capped here, before it reaches the page (ptc.browser_limits).
const { maxLines: MAX_LINES, maxChars: MAX_CHARS } = browser;

let runtime = null;
let run = null; // {id, lines, chars, dropped}
// The live lanes get news this often; the interval only fires while Python
// waits (an await), so a blocked loop shows as a blocked loop.
const TRACE_EVERY_MS = browser.timelineNewsMs;

// Count the bytes Pyodide fetches, for the progress bar.
function countFetches(total) {
  const realFetch = self.fetch.bind(self);
  let loaded = 0;
  let sent = 0;
  self.fetch = async (...args) => {
    const response = await realFetch(...args);
    if (!response.body) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        const now = performance.now();
        if (now - sent > 100) {
          sent = now; // ten updates a second are plenty for a progress bar
          postMessage({ type: "progress", loaded, total });
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return () => {
    self.fetch = realFetch;
  };
}

function onOutput(stream, text) {
  if (!run || !text) return;
  if (run.lines >= MAX_LINES || run.chars >= MAX_CHARS) {
    run.dropped += countLines(text);
    return;
  }
  if (run.chars + text.length > MAX_CHARS) {
    // One huge write: keep its start, count the rest (a cut line counts too).
    const rest = text.slice(MAX_CHARS - run.chars);
    run.dropped += countLines(rest) + (rest.endsWith("\n") ? 0 : 1);
    text = text.slice(0, MAX_CHARS - run.chars);
  }
  run.lines += countLines(text);
  run.chars += text.length;
  postMessage({ type: "out", id: run.id, stream, text });
}

function countLines(text) {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

async function init({ indexURL, interrupt }) {
  const restore = countFetches(PYODIDE_BYTES);
  try {
    const { loadPyodide } = await import(indexURL + "pyodide.mjs");
    runtime = await createRuntime({ loadPyodide, indexURL, onOutput, interruptBuffer: interrupt });
    postMessage({ type: "ready" });
  } catch (err) {
    postMessage({ type: "failed", message: String(err && err.message ? err.message : err) });
  } finally {
    restore();
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    await init(data);
  } else if (data.type === "run") {
    run = { id: data.id, lines: 0, chars: 0, dropped: 0 };
    const sendNews = () => postMessage({ type: "trace", id: data.id, news: runtime.drainTrace() });
    const ticker = setInterval(sendNews, TRACE_EVERY_MS);
    const { status, kind } = await runtime.run(data.code, data.filename);
    clearInterval(ticker);
    const trace = runtime.trace(); // the whole run: it replaces the news on the page
    postMessage({ type: "done", id: data.id, status, kind, dropped: run.dropped, trace });
    run = null;
  } else if (data.type === "stop") {
    if (runtime) runtime.stop();
    postMessage({ type: "stopping" });
  }
};
