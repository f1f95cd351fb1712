"""Each code block's height in lines, for the browser to stand in while
the block is off screen and not drawn (ptc.pages.size_code_blocks)."""

from __future__ import annotations

from ptc import pages


def on_page_content(html: str, page, config, files) -> str:
    return pages.size_code_blocks(html)
