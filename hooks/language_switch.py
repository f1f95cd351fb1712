"""The language switch keeps the reader's place (web/language_switch.js).

The script is inlined in the head, so the switch keeps the #anchor from the
moment the header is on screen. As a script loaded at the end of the page,
on a slow phone it came after the header by seconds, and a reader who
switched language then landed at the top of the other page.
"""

from __future__ import annotations

from ptc.site import inline_script

LANGUAGE_LINK = 'class="md-select__link"'


def on_post_page(output: str, page, config) -> str:
    if LANGUAGE_LINK not in output:
        return output  # no language menu: an embed, a redirect
    return output.replace("</head>", inline_script("language_switch.js") + "</head>", 1)
