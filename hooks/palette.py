"""The dark-mode toggle without Material's palette script (web/palette.js).

Material's palette component set <body>'s colour attributes on every load,
after the page was drawn, and so restyled the whole page two or three times
(benchmarks/lighthouse.py; CONTRIBUTING.md, "Page speed"). This hook
renames the toggle's `data-md-component`, so that Material leaves it alone,
and inlines web/palette.js (minified; hooks/assets.py bundles it
before the pages are written) after it: the same toggle and the same stored
choice, applied while the header is parsed, before anything is drawn.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ptc.site import inline_script

MATERIAL = '<form class="md-header__option" data-md-component="palette">'
OURS = '<form class="md-header__option" data-ptc-palette>'


def on_post_page(output: str, page, config) -> str:
    if MATERIAL not in output:
        if 'data-md-component="header"' in output:
            raise PluginError(
                f"{page.file.src_path}: Material's header has no palette form"
                f" ({MATERIAL!r}): hooks/palette.py needs updating"
            )
        return output  # a page without Material's header (a redirect)
    start = output.index(MATERIAL)
    end = output.index("</form>", start) + len("</form>")
    script = inline_script("palette.js")  # web/palette.js, minified
    form = output[start:end].replace(MATERIAL, OURS, 1)
    return output[:start] + form + script + output[end:]
