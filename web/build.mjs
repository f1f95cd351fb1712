// Bundle the runner with esbuild. ptc.site.bundle() runs it from the repo
// root, after writing build/generated/browser.json (ptc.browser_limits and
// the Run labels of ptc.labels), which the bundles import as "ptc:browser".
// hooks/assets.py copies build/web/* into <site>/assets/.
// build/test/node_run.mjs is for tests/test_runtime_pyodide.py.
import { build } from "esbuild";
import { statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const web = path.join(root, "web");
// ptc.site.bundle() names a fresh folder in PTC_BUNDLE_DIR and moves the
// files into build/ when they are complete: a test may be running one.
const into = process.env.PTC_BUNDLE_DIR || path.join(root, "build");
const out = path.join(into, "web");

// The bytes Pyodide fetches on the first Run (uncompressed), for the
// progress bar. pyodide.asm.mjs is imported, not fetched, so not counted.
const fetched = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];
const pyodideBytes = fetched
  .map((name) => statSync(path.join(root, "node_modules", "pyodide", name)).size)
  .reduce((a, b) => a + b, 0);

const common = {
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  legalComments: "none",
  logLevel: "warning",
  loader: { ".py": "text" },
  alias: { "ptc:browser": path.join(root, "build", "generated", "browser.json") },
};

await Promise.all([
  // Loaded on every page: must stay tiny.
  build({ ...common, entryPoints: [path.join(web, "run_buttons.js")], outfile: path.join(out, "run_buttons.js") }),
  build({ ...common, entryPoints: [path.join(web, "run_buttons.css")], outfile: path.join(out, "run_buttons.css") }),
  // Inlined into every page's header by hooks/palette.py: a classic script.
  build({ ...common, format: "iife", entryPoints: [path.join(web, "palette.js")], outfile: path.join(out, "palette.js") }),
  // Inlined into every page's head by hooks/language_switch.py.
  build({ ...common, format: "iife", entryPoints: [path.join(web, "language_switch.js")], outfile: path.join(out, "language_switch.js") }),
  // Loaded on the first Run (or first edit).
  build({ ...common, entryPoints: [path.join(web, "editor.js")], outfile: path.join(out, "editor.js") }),
  // The live task lanes, with their styles inside (a page without a Run
  // never loads them).
  build({
    ...common,
    loader: { ...common.loader, ".css": "text" },
    entryPoints: [path.join(web, "timeline.js")],
    outfile: path.join(out, "timeline.js"),
  }),
  // Loaded by run_buttons.js on a page with exercises.
  build({ ...common, entryPoints: [path.join(web, "exercises.js")], outfile: path.join(out, "exercises.js") }),
  build({ ...common, entryPoints: [path.join(web, "exercises.css")], outfile: path.join(out, "exercises.css") }),
  build({
    ...common,
    entryPoints: [path.join(web, "worker.js")],
    outfile: path.join(out, "worker.js"),
    define: { PYODIDE_BYTES: String(pyodideBytes) },
  }),
  build({
    ...common,
    minify: false,
    platform: "node",
    entryPoints: [path.join(web, "node_run.mjs")],
    outfile: path.join(into, "test", "node_run.mjs"),
  }),
]);
