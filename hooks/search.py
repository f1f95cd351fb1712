"""Search in the reader's language, terms whole (ptc.search)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ptc import labels, material, search


def on_post_page(output: str, page, config) -> str:
    try:
        return search.language_base(output, labels.page_language(page, config))
    except search.SearchError as bad:
        raise PluginError(f"{page.file.src_uri}: {bad}") from None


# After mkdocs-static-i18n, which builds the other languages and then writes
# the combined index in its own on_post_build.
@event_priority(-100)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a language pass inside mkdocs-static-i18n; the last pass splits
    site = Path(config["site_dir"])
    try:
        search.patch_worker(site)
        search.split_index(site)
    except (search.SearchError, material.MaterialChanged) as bad:
        raise PluginError(str(bad)) from None
