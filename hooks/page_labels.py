"""Put the labels Material and Markdown write in English into the page's
language, and name Material's search dialog for screen readers.

mkdocs.yml names the palette toggles and the toc extension titles the
heading links once, in English; on a zh page they read 深色模式, 浅色模式
and 永久链接 (ptc.labels). Material renders `<div class="md-search" ...
role="dialog">` without a label, which axe reports as a serious violation
(aria-dialog-name).
"""

from __future__ import annotations

from ptc import labels

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# The English text mkdocs.yml gives, and the label that replaces it.
ENGLISH = {
    "Dark mode": "theme.dark",
    "Light mode": "theme.light",
    "Permanent link": "heading.permalink",
}


def on_post_page(output: str, page, config) -> str:
    lang = labels.page_language(page, config)
    output = output.replace(
        SEARCH_DIALOG,
        SEARCH_DIALOG.replace(
            ">", f' aria-label="{labels.label(lang, "search.dialog")}">', 1
        ),
    )
    for english, key in ENGLISH.items():
        text = labels.label(lang, key)
        for attribute in ("title", "aria-label"):
            output = output.replace(f'{attribute}="{english}"', f'{attribute}="{text}"')
    return output
