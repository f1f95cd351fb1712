"""Redirect pages for moved pages, one per language root.

hooks/redirects.py reads `extra.redirects` from mkdocs.yml (`old/path/:
new-page.md#anchor`) and calls `write()`; for each language root (`""` for
zh at /, `"en/"`) it writes old/path/index.html, which sends the reader on
to the new page in the same language.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from ptc import labels

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
</head><body><p><a href="{url}">{title}</a></p></body></html>
"""


class RedirectError(ValueError):
    pass


def write(redirects: dict[str, str], site: Path, docs: Path, roots: dict[str, str]):
    """`roots` maps each built language to its URL prefix: {"zh": "", "en": "en/"}."""
    for old, new in redirects.items():
        page, _, anchor = new.partition("#")
        if not (docs / page).is_file():
            raise RedirectError(
                f"mkdocs.yml extra.redirects: {old} -> no page docs/{page}"
            )
        target = page.removesuffix(".md")
        target = "" if target == "index" else target + "/"
        for lang, root in roots.items():
            source = f"{root}{old.strip('/')}/"
            url = posixpath.relpath(f"{root}{target}" or ".", source) + "/"
            url = url.replace("//", "/") + (f"#{anchor}" if anchor else "")
            out = site / source / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                PAGE.format(
                    lang=lang,
                    title=labels.label(lang, "redirect.title"),
                    url=html.escape(url),
                ),
                encoding="utf-8",
            )
