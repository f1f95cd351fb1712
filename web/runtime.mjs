// The runtime half shared by the page's worker (worker.js) and the Node test
// harness (node_run.mjs): load Pyodide, load runtime.py, run code.
import browser from "ptc:browser";
import runnerSource from "./runtime.py";

const RUNNER_DIR = "/ptc";

export async function createRuntime({ loadPyodide, indexURL, onOutput, interruptBuffer }) {
  const py = await loadPyodide({ indexURL, packages: [] });
  const decoders = { out: new TextDecoder(), err: new TextDecoder() };
  const sink = (stream) => ({
    write(bytes) {
      onOutput(stream, decoders[stream].decode(bytes, { stream: true }));
      return bytes.length;
    },
  });
  py.setStdout(sink("out"));
  py.setStderr(sink("err"));
  py.FS.mkdirTree(RUNNER_DIR);
  py.FS.writeFile(`${RUNNER_DIR}/ptc_runtime.py`, runnerSource);
  // What to refuse, and with which message: ptc.browser_limits.
  const { patches, lazy, messages, timelineEvents } = browser;
  py.FS.writeFile(`${RUNNER_DIR}/ptc_limits.json`, JSON.stringify({ patches, lazy, messages, timelineEvents }));
  py.runPython(`import sys; sys.path.insert(0, "${RUNNER_DIR}")`);
  const runner = py.pyimport("ptc_runtime");
  if (interruptBuffer) py.setInterruptBuffer(interruptBuffer);

  return {
    pyodide: py,
    // Resolves with {status: "ok" | "error" | "stopped", kind: null | "threads" | ...}.
    run(source, filename) {
      if (interruptBuffer) interruptBuffer[0] = 0;
      return new Promise((resolve) => {
        runner.start(source, filename, (status, kind) => resolve({ status, kind: kind ?? null }));
      });
    },
    stop() {
      return runner.stop();
    },
    // The timeline (runtime.py, Timeline): what is new since the last call,
    // for the live lanes, and the whole run in Trace Event Format.
    drainTrace() {
      return runner.drain_trace() ?? null;
    },
    trace() {
      return runner.last_trace() ?? null;
    },
  };
}
