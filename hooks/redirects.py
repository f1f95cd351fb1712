"""Keep old links alive in both languages.

mkdocs.yml lists moved pages once, under `extra.redirects`, as
`old/path/: new-page.md#anchor`. For each language root (`/` and `/en/`)
this writes old/path/index.html, which sends the reader on to the new page
in the same language. (mkdocs-redirects writes only the default language.)
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
</head><body><p><a href="{url}">{title}</a></p></body></html>
"""
TITLES = {"zh": "页面已移动", "en": "This page has moved"}


def _language_roots(config) -> dict[str, str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {config["theme"]["language"]: ""}
    return {
        lang.locale: "" if lang.default else f"{lang.locale}/"
        for lang in i18n.config.languages
        if lang.build
    }


def on_post_build(config) -> None:
    redirects = config["extra"].get("redirects") or {}
    site = Path(config["site_dir"])
    docs = Path(config["docs_dir"])
    for old, new in redirects.items():
        page, _, anchor = new.partition("#")
        if not (docs / page).is_file():
            raise PluginError(
                f"mkdocs.yml extra.redirects: {old} -> no page docs/{page}"
            )
        target = page.removesuffix(".md")
        target = "" if target == "index" else target + "/"
        for lang, root in _language_roots(config).items():
            source = f"{root}{old.strip('/')}/"
            url = posixpath.relpath(f"{root}{target}" or ".", source) + "/"
            url = url.replace("//", "/") + (f"#{anchor}" if anchor else "")
            out = site / source / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                PAGE.format(
                    lang=lang,
                    title=TITLES.get(lang, TITLES["en"]),
                    url=html.escape(url),
                ),
                encoding="utf-8",
            )
