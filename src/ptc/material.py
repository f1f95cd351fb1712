"""Material's script as the site serves it: deferred, patched, and ahead of
itself; and the one way the site patches any of Material's built files
(`patch_file`, which ptc.search uses for the search worker).

Each change to the bundle removes work that Material's bundle did on every load and that
restyled or laid out the whole page again (CONTRIBUTING.md, "Page speed").
What each relies on is checked in the bundle: a new Material that changes
it stops the build (hooks/material_script.py), naming the bundle and what is
missing, so that it is looked at again rather than silently lost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple


class Patch(NamedTuple):
    """Replace `find`, which must occur exactly once, by `replace`. `why`
    names the patch's module and reason, for when Material changed."""

    why: str
    find: str
    replace: str


PATCHES = (
    Patch(
        "ptc.material: tables are wrapped at build time"
        " (ptc.pages.wrap_tables), so the bundle leaves them",
        '"table:not([class])"',
        '"table:not([class]):not(.md-typeset__table > table)"',
    ),
)

# What the bundle sets on <html> as it starts: `js` for `no-js`, and the
# focus-visible polyfill's class and attribute. Each change restyled every
# element of the page, because Material's CSS has rules under them that any
# element may match. Set first thing in <head>, before anything is styled,
# they cost nothing, and the bundle's own calls then change nothing.
HTML_STATE = (
    'classList.add("js")',
    'classList.add("js-focus-visible")',
    'setAttribute("data-js-focus-visible","")',
)
HTML_STATE_SCRIPT = (
    "<script>(h=>{h.classList.replace('no-js','js');"
    "h.classList.add('js-focus-visible');"
    "h.setAttribute('data-js-focus-visible','')})(document.documentElement)"
    "</script>"
)

BUNDLE_GLOB = "assets/javascripts/bundle.*.min.js"
BUNDLE_TAG = re.compile(
    r'<script src="([^"]*/javascripts/bundle\.\w+\.min\.js)"></script>'
)
HEAD = '<meta charset="utf-8">'


class MaterialChanged(ValueError):
    """Material's bundle or page no longer has what a patch expects."""


def apply(text: str, name: str, patches, requires=()) -> str:
    """`text` (of the file `name`) with every patch applied, once: text
    already patched is left as it is (mkdocs serve does not always copy
    Material's files again). Each of `requires` must occur in it."""
    for needed in requires:
        if needed not in text:
            raise MaterialChanged(
                f"{name}: Material no longer has {needed!r}, which the site"
                " relies on (ptc/material.py)"
            )
    for patch in patches:
        if patch.replace in text:
            continue
        found = text.count(patch.find)
        if found != 1:
            raise MaterialChanged(
                f"{name}: {patch.find!r} occurs {found} times, not once."
                f" The patch needs looking at: {patch.why}"
            )
        text = text.replace(patch.find, patch.replace)
    return text


def patch_file(site_dir: Path, glob: str, patches, requires=()) -> Path:
    """Patch the one built file matching `glob` in place (see `apply`)."""
    files = sorted(site_dir.glob(glob))
    if len(files) != 1:
        raise MaterialChanged(f"{site_dir}: not one {glob}: {files}")
    text = files[0].read_text(encoding="utf-8")
    patched = apply(text, str(files[0]), patches, requires)
    if patched != text:
        files[0].write_text(patched, encoding="utf-8")
    return files[0]


def patch_bundle(site_dir: Path) -> Path:
    """Patch the built bundle (PATCHES), which must still set what
    HTML_STATE_SCRIPT sets first."""
    return patch_file(site_dir, BUNDLE_GLOB, PATCHES, requires=HTML_STATE)


def defer_bundle(page: str, name: str) -> str:
    """A page whose bundle runs once the page is parsed (`defer`), and whose
    <html> gets the bundle's classes first thing in <head> (HTML_STATE).

    Material ends <body> with the bundle as a classic script: the parser
    stopped there, ran it, and drew the article only after it, in one long
    task with the parse and the first style and layout of the whole page.
    Deferred, it still runs before DOMContentLoaded, as Material expects,
    and before web/site.js, which is deferred too: deferred scripts keep
    their order."""
    page, found = BUNDLE_TAG.subn(r'<script defer src="\1"></script>', page)
    if found != 1 or HEAD not in page:
        raise MaterialChanged(
            f"{name}: {found} script tags of Material's bundle, or no {HEAD!r}:"
            " ptc/material.py needs looking at"
        )
    return page.replace(HEAD, HEAD + HTML_STATE_SCRIPT, 1)
