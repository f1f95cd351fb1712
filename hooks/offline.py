"""Write the offline classroom bundle, last of all (ptc.offline)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from ptc import offline


@event_priority(-1000)  # after every other step has written into the site
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    offline.write_bundle(Path(config["site_dir"]))
