"""Write an embed page for every example in every language (ptc.embeds)."""

from __future__ import annotations

from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ptc import embeds, labels, pages

_default_site_name = None


@event_priority(100)  # before mkdocs-static-i18n changes it per language
def on_config(config):
    global _default_site_name
    _default_site_name = config["site_name"]


def _site_names(config) -> dict[str, str]:
    names = {lang: _default_site_name for lang in labels.LANGUAGES}
    i18n = config.plugins.get("i18n")
    for language in i18n.config.languages if i18n else ():
        if language.site_name:
            names[language.locale] = language.site_name
    return names


def _palette(config) -> dict[str, str]:
    """The theme's colours, as Material puts them on <body> (indigo unset)."""
    palette = config["theme"]["palette"]
    first = (palette[0] if isinstance(palette, list) else palette) or {}
    return {
        "primary": first.get("primary", "indigo"),
        "accent": first.get("accent", "indigo"),
    }


@event_priority(-100)  # after mkdocs-static-i18n has built every language
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return

    def render(text: str) -> str:
        html = markdown.markdown(
            text,
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"],
        )
        return pages.size_code_blocks(html)  # as hooks/code_blocks.py does

    try:
        embeds.write_all(
            Path(config["site_dir"]), render, _site_names(config), _palette(config)
        )
    except (LookupError, FileNotFoundError) as bad:
        raise PluginError(str(bad)) from None
