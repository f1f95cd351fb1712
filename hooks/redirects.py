"""Keep old links alive in both languages.

mkdocs.yml lists moved pages once, under `extra.redirects`, as
`old/path/: new-page.md#anchor`; ptc.redirects writes a redirect page for
each at every language root (mkdocs-redirects writes only the default one).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ptc import redirects


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
    try:
        redirects.write(
            config["extra"].get("redirects") or {},
            Path(config["site_dir"]),
            Path(config["docs_dir"]),
            _language_roots(config),
        )
    except redirects.RedirectError as bad:
        raise PluginError(str(bad)) from None
