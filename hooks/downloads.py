"""Publish every example in both languages, and a zip of them all for each.

examples/<topic>/<name>.py goes to <site>/examples/<topic>/<name>.py as it
is, and with Chinese comments and docstrings to
<site>/examples/zh/<topic>/<name>.py (ptc.catalogue.published); each page's
Download link points at its language's copy. Each file of a project
(examples/rag_service/) is published the same way. <site>/examples/ holds
one zip for each language (ptc.catalogue.ZIP_NAMES), with the expected
outputs (ptc.catalogue.write_zip) and the lab folder. Each file of the lab
folder (ptc.lab: the local exercises' starters and checkers) is served too,
at ptc.exercises.download_path, so that a page can link to it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ptc import catalogue, exercises, lab, recordings, translations


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    try:
        for lang in catalogue.LANGS:
            for path in catalogue.published_files():
                relative = path.relative_to(catalogue.EXAMPLES).as_posix()
                target = site / catalogue.download_path(relative, lang)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(catalogue.published(path, lang))
            for relative, data in lab.lab_files(lang).items():
                target = site / catalogue.download_path(relative, lang)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            catalogue.write_zip(site / "examples" / catalogue.ZIP_NAMES[lang], lang)
    except (
        translations.TranslationError,
        exercises.ExerciseError,
        recordings.RecordingError,
    ) as refused:
        raise PluginError(str(refused)) from None
