"""Serve every browser asset from the site's own origin.

Bundles web/ (ptc.site.bundle, which runs web/build.mjs) when a source
changed, and copies the vendored runtime files out of node_modules into the
built site: no CDN is ever referenced, so the site works offline and from
behind the GFW. Mermaid is not among them: the diagrams are drawn at build
time (hooks/diagrams.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from ptc import ROOT, site
from ptc.site import BUILT_WEB, WEB

NODE_MODULES = ROOT / "node_modules"

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

# (source under node_modules, destination under the site)
VENDOR = [
    ("coi-serviceworker/coi-serviceworker.min.js", "coi-serviceworker.min.js"),
    *((f"pyodide/{name}", f"assets/vendor/pyodide/{name}") for name in PYODIDE_FILES),
]

_bundled_sources: dict[Path, float] = {}


def _web_sources() -> dict[Path, float]:
    """web/ and the JSON the bundle imports (rewritten only when it changes)."""
    files = [p for p in WEB.rglob("*") if p.is_file()] + [site.write_generated()]
    return {p: p.stat().st_mtime for p in files}


def _bundle() -> None:
    """Bundle web/ when a source changed since the last bundle."""
    global _bundled_sources
    sources = _web_sources()
    if sources == _bundled_sources and BUILT_WEB.exists():
        return
    try:
        site.bundle()
    except site.StepFailed as failure:
        raise PluginError(str(failure)) from None
    _bundled_sources = sources


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and dest.stat().st_size == src.stat().st_size:
        if dest.stat().st_mtime >= src.stat().st_mtime:
            return
    shutil.copy2(src, dest)


def on_pre_build(config) -> None:
    missing = [s for s, _ in VENDOR if not (NODE_MODULES / s).exists()]
    if missing:
        raise PluginError(
            "Browser assets are missing from node_modules: "
            + ", ".join(missing)
            + ". Run `npm ci` (./dev does it for you)."
        )
    _bundle()


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    for src, dest in VENDOR:
        _copy(NODE_MODULES / src, site / dest)
    for name in ("site.css", "site.js", "embed.js", "diagrams.css", "recording.css"):
        _copy(WEB / name, site / "assets" / name)
    if BUILT_WEB.exists():
        for path in BUILT_WEB.rglob("*"):
            if path.is_file():
                _copy(path, site / "assets" / path.relative_to(BUILT_WEB))
