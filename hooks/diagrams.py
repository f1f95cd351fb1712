"""Draw the mermaid diagrams at build time (ptc.diagrams).

Before the pages are built, every diagram in docs/ that is not drawn yet is
drawn, in one Chromium session; one mermaid refuses stops the build with its
page file and line. superfences turns each ```mermaid fence into a
placeholder (ptc.diagrams.fence_format), which this hook replaces with the
inline SVG, its links written for the page's language.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ptc import diagrams, labels


def on_pre_build(config) -> None:
    try:
        diagrams.prepare(diagrams.find_in(Path(config["docs_dir"])))
    except diagrams.DiagramError as refused:
        raise PluginError(str(refused)) from None


def on_page_content(html: str, page, config, files) -> str:
    try:
        return diagrams.fill(
            html,
            lang=labels.page_language(page, config),
            page_url=page.url,
            source=Path(page.file.abs_src_path),
            name=f"docs/{page.file.src_uri}",
        )
    except diagrams.DiagramError as refused:
        raise PluginError(str(refused)) from None
