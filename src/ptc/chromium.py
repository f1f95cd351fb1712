"""Chromium as the tests and benchmarks drive it, and the pages they visit."""

from __future__ import annotations

from ptc import DOCS

CHROMIUM = "/usr/bin/chromium"  # Debian's; a downloaded browser is never used
# From FACTS.md: without these, Chromium tries to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def page_paths() -> list[str]:
    """URL paths (relative to a language root) of every page in docs/."""
    paths = []
    for page in sorted(DOCS.glob("*.md")):
        if not page.name.endswith(".en.md"):
            stem = page.name.removesuffix(".md")
            paths.append("" if stem == "index" else f"{stem}/")
    return paths
