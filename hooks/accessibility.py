"""Give Material's search dialog an accessible name in the page's language.

Material renders `<div class="md-search" ... role="dialog">` without a label,
which axe reports as a serious violation (aria-dialog-name).
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LABELS = {"zh": "搜索", "en": "Search"}


def on_post_page(output: str, page, config) -> str:
    locale = getattr(page.file, "locale", None) or config["theme"]["language"]
    label = LABELS.get(locale, LABELS["en"])
    return output.replace(
        SEARCH_DIALOG, SEARCH_DIALOG.replace(">", f' aria-label="{label}">', 1)
    )
