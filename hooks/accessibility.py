"""Give Material's search dialog an accessible name in the page's language.

Material renders `<div class="md-search" ... role="dialog">` without a label,
which axe reports as a serious violation (aria-dialog-name).
"""

from __future__ import annotations

from ptc import labels

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, page, config) -> str:
    label = labels.label(labels.page_language(page, config), "search.dialog")
    return output.replace(
        SEARCH_DIALOG, SEARCH_DIALOG.replace(">", f' aria-label="{label}">', 1)
    )
