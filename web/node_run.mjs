// Test harness: run code through the site's runner (runtime.mjs + runtime.py)
// under real Pyodide in Node. Built by build.mjs to build/node_run.mjs.
//   node build/node_run.mjs < cases.json > results.json
// cases.json: [{"id", "source", "filename", "setup"?, "collect"?, "stop_after"?}, ...]
//   setup: Python run before the case (e.g. the test's print recorder);
//   collect: a Python expression whose str() is returned as "collected";
//   stop_after: press Stop (runtime.stop()) after this many ms;
//   drain_every: take the timeline's news this often (ms), as the worker does.
// results.json: [{"id", "status", "kind", "stdout", "stderr", "seconds",
//                 "collected", "stop_seconds"}, ...]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRuntime } from "./runtime.mjs";

const require = createRequire(path.join(process.cwd(), "package.json"));
const pyodidePath = require.resolve("pyodide/pyodide.mjs");
const { loadPyodide } = await import(pyodidePath);

const cases = JSON.parse(readFileSync(0, "utf8"));
let current = null;
const rt = await createRuntime({
  loadPyodide,
  indexURL: path.dirname(pyodidePath) + path.sep,
  onOutput(stream, text) {
    if (current) current[stream === "out" ? "stdout" : "stderr"] += text;
  },
});
const results = [];
for (const c of cases) {
  current = { id: c.id, stdout: "", stderr: "" };
  if (c.setup) rt.pyodide.runPython(c.setup);
  const t0 = performance.now();
  let stoppedAt = null;
  const timer = c.stop_after == null ? null : setTimeout(() => {
    stoppedAt = performance.now();
    rt.stop();
  }, c.stop_after);
  const drains = c.drain_every ? setInterval(() => rt.drainTrace(), c.drain_every) : null;
  const { status, kind } = await rt.run(c.source, c.filename || "main.py");
  const end = performance.now();
  clearTimeout(timer);
  clearInterval(drains);
  const collected = c.collect ? String(rt.pyodide.runPython(c.collect)) : null;
  results.push({
    ...current,
    status,
    kind,
    collected,
    seconds: (end - t0) / 1000,
    stop_seconds: stoppedAt === null ? null : (end - stoppedAt) / 1000,
  });
}
// Exit once the results are written: a pipe takes large output in parts,
// and process.exit() would cut it short.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
