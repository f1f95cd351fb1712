"""A presentation mode for class: one header button, large type, full width.

The button is written into the header in the page's language; web/site.js
turns it on and off. A line in the head restores the mode before the page
is drawn, so a teacher moving between pages sees no flash of sidebars.
"""

from __future__ import annotations

from ptc import labels

SEARCH_BUTTON = '<label class="md-header__button md-icon" for="__search">'
# Material's projector-screen-outline icon.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M20 2H4c-.55 0-1 .45-1 1v1c0 .55.45 1 1 1h1v9h6v2.59l-4.21 4.2 '
    "1.42 1.42 2.79-2.8V22h2v-2.59l2.79 2.8 1.42-1.42-4.21-4.2V14h6V5h1c.55 0 "
    '1-.45 1-1V3c0-.55-.45-1-1-1m-3 10H7V5h10z"/></svg>'
)
RESTORE = (
    "<script>try{if(sessionStorage.getItem('ptc-present'))"
    "document.documentElement.setAttribute('data-ptc-present','')}catch(e){}"
    "</script>"
)


def on_post_page(output: str, page, config) -> str:
    if SEARCH_BUTTON not in output:
        return output  # a page without Material's header (a redirect)
    text = labels.label(labels.page_language(page, config), "present.toggle")
    button = (
        f'<button type="button" class="md-header__button md-icon ptc-present-toggle"'
        f' title="{text}" aria-label="{text}" aria-pressed="false" hidden>'
        f"{ICON}</button>"
    )
    output = output.replace("</head>", RESTORE + "</head>", 1)
    return output.replace(SEARCH_BUTTON, button + SEARCH_BUTTON, 1)
