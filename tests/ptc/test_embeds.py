"""Embed pages (ptc.embeds): one per example and language, linked back."""

from __future__ import annotations

import pytest

from ptc import catalogue, embeds


def test_every_example_has_its_page():
    pages = embeds.example_pages()
    assert set(pages) == {ex.relative for ex in catalogue.examples()}
    assert pages["coroutines/gather.py"] == "coroutines/"


def test_embed_paths_sit_under_each_language_root():
    assert catalogue.embed_path("coroutines/gather.py", "zh") == (
        "embed/coroutines/gather/"
    )
    assert catalogue.embed_path("threads/event.py", "en") == "en/embed/threads/event/"


def _site(tmp_path):
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "main.abc.min.css").write_text("")
    (sheets / "palette.def.min.css").write_text("")
    return tmp_path


def test_each_page_is_the_example_with_the_runner_and_a_link_back(tmp_path):
    site = _site(tmp_path)
    written = embeds.write_all(
        site, lambda markdown: f"<!--{len(markdown)}-->", {"zh": "站", "en": "Site"}
    )
    assert len(written) == 2 * len(catalogue.examples())
    page = (site / "en/embed/coroutines/gather/index.html").read_text("utf-8")
    assert '<html lang="en"' in page
    assert 'href="../../../../assets/stylesheets/main.abc.min.css"' in page
    assert 'src="../../../../assets/run_buttons.js"' in page
    assert 'href="../../../../en/coroutines/#ex-coroutines-gather"' in page
    assert "See this example on Site" in page
    assert '<meta name="robots" content="noindex">' in page
    zh = (site / "embed/threads/event/index.html").read_text("utf-8")
    assert 'href="../../../threads/#ex-threads-event"' in zh
    assert "站" in zh


def test_a_missing_stylesheet_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"main\.\*\.min\.css"):
        embeds.write_all(tmp_path, str, {"zh": "", "en": ""})
