// The runtime half shared by the page's worker (worker.js) and the Node test
// harness (node_run.mjs): load Pyodide, load ptc_runner.py, run code.
import runnerSource from "./ptc_runner.py";

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
  py.FS.writeFile(`${RUNNER_DIR}/ptc_runner.py`, runnerSource);
  py.runPython(`import sys; sys.path.insert(0, "${RUNNER_DIR}")`);
  const runner = py.pyimport("ptc_runner");
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
  };
}
