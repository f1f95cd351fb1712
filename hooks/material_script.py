"""Material's script, cheaper on every load (ptc.material): the bundle is
deferred and patched, and <html> gets the bundle's classes before anything
is styled."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ptc import material


def _defer(output: str, name: str) -> str:
    if 'data-md-component="header"' not in output:
        return output  # not a Material page: a redirect, sitemap.xml
    try:
        return material.defer_bundle(output, name)
    except material.MaterialChanged as changed:
        raise PluginError(str(changed)) from None


def on_post_page(output: str, page, config) -> str:
    return _defer(output, page.file.src_path)


def on_post_template(output: str, template_name: str, config) -> str:
    return _defer(output, template_name)  # 404.html


def on_post_build(config) -> None:
    try:
        material.patch_bundle(Path(config["site_dir"]))
    except material.MaterialChanged as changed:
        raise PluginError(str(changed)) from None
