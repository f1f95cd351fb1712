"""The site's own rules, each in one place, for hooks, tests and benchmarks.

- `ptc.fences`: the Markdown fence scanner.
- `ptc.directives`: the `[[…]]` grammar, one parser and one dispatcher.
- `ptc.snippets`: what a snippet's first line says, and which snippets use
  processes.
- `ptc.catalogue`: the example files, their anchors, expected outputs, topics.
- `ptc.lab`: the lab folder of the local exercises (starters, checkers),
  in the zips and the site.
- `ptc.translations`: the examples' Chinese comments and docstrings
  (`<name>.zh.toml`), put in with the tokenizer for zh readers.
- `ptc.browser_limits`: what Python in the browser cannot run, with the
  message keys and output limits the page and the worker share.
- `ptc.labels`: every zh/en label, and the language of a page.
- `ptc.site`: build, bundle and serve the site (tests and benchmarks share them).
- `ptc.chromium`: Debian's Chromium, its flags, and the list of pages.
- `ptc.engines`: Chromium, Firefox and WebKit behind one small driver, for
  the runner's tests in every engine.
- `ptc.measure`: the measuring code; it downloads as `_measure.py`.
- `ptc.diagrams`: the mermaid diagrams, drawn at build time into inline SVG.
- `ptc.recordings` (with `ptc.recording_site`): the recorded runs of the
  thread and process examples (`./dev record`), and the lessons they show.
- `ptc.traces`: what a valid Trace Event Format trace and a recording hold.
- `ptc.timelines`: a recorded run drawn into the page at build time.
"""

from pathlib import Path

# The checkout: the package is installed editable from src/ptc/.
ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
