"""The handout PDFs: one per language, of the whole note (ptc.handouts).

Every page's footer links its language's PDF. After the last language is
built, each language's nav pages are combined into one print page and
printed by Chromium, or copied from `.cache/handouts/` when nothing changed;
before the offline bundle (hooks/offline.py) zips the site.

`mkdocs serve` prints nothing (a print takes half a minute, too slow for
each reload): it copies the PDF printed last, if there is one, so the link
works with a PDF that may be older than the pages.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ptc import handouts, labels

log = logging.getLogger("mkdocs.hooks.handouts")

COPYRIGHT = '<div class="md-copyright">'
_command = "build"
_defaults: dict[str, str | None] = {}
_nav: dict[str, list] = {}  # language -> its nav pages, in order


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # before mkdocs-static-i18n changes them per language
def on_config(config) -> None:
    for name in ("site_name", "site_description", "copyright", "site_url"):
        _defaults.setdefault(name, config[name])


def on_nav(nav, config, files):
    pages = [p for p in nav.pages if handouts.in_handout(p.file.src_uri)]
    if pages:
        _nav[labels.page_language(pages[0], config)] = pages
    return nav


def on_post_page(output: str, page, config) -> str:
    if COPYRIGHT not in output:
        return output  # not a page with Material's footer (a redirect)
    lang = labels.page_language(page, config)
    url = page.url if page is not None else ""
    text = labels.label(lang, "handout.link")
    title = labels.label(lang, "handout.link.title")
    link = (
        f'<div class="ptc-handout-link"><a href="{handouts.link(url, lang)}"'
        f' title="{title}" type="application/pdf">{text}</a></div>'
    )
    return output.replace(COPYRIGHT, COPYRIGHT + link, 1)


def _texts(config) -> dict[str, dict[str, str | None]]:
    texts = {lang: dict(_defaults) for lang in labels.LANGUAGES}
    i18n = config.plugins.get("i18n")
    for language in i18n.config.languages if i18n else ():
        for name in ("site_name", "site_description", "copyright"):
            if getattr(language, name, None):
                texts[language.locale][name] = getattr(language, name)
    for lang, text in texts.items():
        if text["site_url"]:
            root = text["site_url"].rstrip("/") + "/"
            text["site_url"] = root + handouts.lang_root(lang)
    return texts


@event_priority(-500)  # after every language is built; before offline.py (-1000)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    site_dir = Path(config["site_dir"])
    if _command == "serve":
        for lang in _nav:
            last = handouts.last_cached(lang)
            if last is not None:
                target = site_dir / handouts.PDF[lang]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(last.read_bytes())
        log.info(
            "handouts: serve shows the PDFs printed last; ./dev build prints them anew"
        )
        return
    started = time.perf_counter()
    texts = _texts(config)
    documents = {}
    try:
        for lang, pages in _nav.items():
            built = [
                (
                    handouts.Page(page.url, page.title or page.url),
                    (site_dir / page.file.dest_uri).read_text("utf-8"),
                )
                for page in pages
            ]
            text = texts[lang]
            cover = handouts.Cover(
                title=text["site_name"],
                description=text["site_description"] or "",
                licence=text["copyright"] or "",
                site_url=text["site_url"],
            )
            styles = handouts.stylesheets(built[0][1], built[0][0].url)
            document = handouts.combine(lang, built, cover, styles)
            documents[lang] = (document, styles, text["site_name"])
        written = handouts.write(site_dir, documents)
    except handouts.HandoutError as bad:
        raise PluginError(f"handouts: {bad}") from None
    log.info(
        "handouts: %s in %.1f s",
        ", ".join(p.relative_to(site_dir).as_posix() for p in written),
        time.perf_counter() - started,
    )
