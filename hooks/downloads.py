"""Publish every example, byte for byte, and the zip of them all.

examples/<topic>/<name>.py goes to <site>/examples/<topic>/<name>.py, which
each example's Download link points at; <site>/examples/ptc-examples.zip
holds them all with their expected outputs (ptc.catalogue.write_zip). Each
file of a project (examples/rag_service/) is published the same way.
"""

from __future__ import annotations

from pathlib import Path

from ptc import catalogue


def on_post_build(config) -> None:
    site_examples = Path(config["site_dir"]) / "examples"
    files = [ex.path for ex in catalogue.examples()] + catalogue.project_files()
    for path in files:
        target = site_examples / path.relative_to(catalogue.EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    catalogue.write_zip(site_examples / catalogue.ZIP_NAME)
