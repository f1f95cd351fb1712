"""No request from a page fails: Material's alternate-language lookups.

mkdocs-static-i18n puts `<link rel="alternate" hreflang>` for the page's
other language in each page's head. Material's JavaScript reads those links
as language roots and fetches `<page>/sitemap.xml` for each, which 404s on
every page. The alternates are already in /sitemap.xml (`xhtml:link
hreflang`, which search engines read as the same thing), so the head copies
go. Material also fetches `<language root>/sitemap.xml` for /en/; that gets
a copy of the site's sitemap.

A sitemap needs the site's address. A build without one (no PTC_SITE_URL:
a local build, an offline copy, another host) has no canonical links and
no sitemap, rather than ones that claim a host it is not served from.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, page, config) -> str:
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body


SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    if not config["site_url"]:
        for sitemap in (p for name in SITEMAPS for p in site.rglob(name)):
            sitemap.unlink()
        return
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    for lang in i18n.config.languages:
        root = site / lang.locale
        if lang.default or not lang.build or not root.is_dir():
            continue
        for name in SITEMAPS:
            if (site / name).exists() and not (root / name).exists():
                shutil.copyfile(site / name, root / name)
