"""Publish every example, byte for byte, and the zip of them all.

examples/<topic>/<name>.py goes to <site>/examples/<topic>/<name>.py, which
each example's Download link points at; <site>/examples/ptc-examples.zip
holds them all with their expected outputs (ptc.catalogue.write_zip).
"""

from __future__ import annotations

from pathlib import Path

from ptc import catalogue


def on_post_build(config) -> None:
    site_examples = Path(config["site_dir"]) / "examples"
    for example in catalogue.examples():
        target = site_examples / example.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(example.path.read_bytes())
    catalogue.write_zip(site_examples / catalogue.ZIP_NAME)
