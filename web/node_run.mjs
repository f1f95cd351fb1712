// Test harness: run code through the site's runner (core.mjs + ptc_runner.py)
// under real Pyodide in Node. Built by build.mjs to build/node_run.mjs.
//   node build/node_run.mjs < cases.json > results.json
// cases.json: [{"id": ..., "source": ..., "filename": ...}, ...]
// results.json: [{"id", "status", "kind", "stdout", "stderr", "seconds"}, ...]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRuntime } from "./core.mjs";

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
  const t0 = performance.now();
  const { status, kind } = await rt.run(c.source, c.filename || "main.py");
  results.push({ ...current, status, kind, seconds: (performance.now() - t0) / 1000 });
}
process.stdout.write(JSON.stringify(results));
process.exit(0);
