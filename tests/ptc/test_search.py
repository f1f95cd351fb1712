"""Search split by language, and the segmenter patch (ptc.search)."""

from __future__ import annotations

import json
import re

import pytest

from ptc import material, search


def _site(tmp_path, docs, worker="x;for(let o=s+1;o<t.length;o++)t.slice(s,o)in e;y"):
    (tmp_path / "search").mkdir()
    config = {"lang": ["zh", "en"], "separator": "[\\s]+", "pipeline": []}
    (tmp_path / search.INDEX).write_text(
        json.dumps({"config": config, "docs": docs}), encoding="utf-8"
    )
    workers = tmp_path / "assets/javascripts/workers"
    workers.mkdir(parents=True)
    (workers / "search.abc.min.js").write_text(worker, encoding="utf-8")
    return tmp_path


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_each_language_gets_its_own_pages_with_locations_from_its_root(tmp_path):
    docs = [
        {"location": "", "title": "首页"},
        {"location": "threads/#gil", "title": "GIL"},
        {"location": "en/", "title": "Home"},
        {"location": "en/threads/#gil", "title": "GIL"},
        {"location": "english-page/", "title": "一页"},  # zh, despite its name
    ]
    site = _site(tmp_path, docs)
    assert search.split_index(site) == {"zh": 3, "en": 2}
    zh, en = _read(site / search.INDEX), _read(site / "en" / search.INDEX)
    assert [d["location"] for d in zh["docs"]] == ["", "threads/#gil", "english-page/"]
    assert [d["location"] for d in en["docs"]] == ["", "threads/#gil"]
    assert en["config"]["lang"] == ["en"]
    assert zh["config"]["lang"] == ["zh", "en"]
    assert zh["config"]["separator"] == en["config"]["separator"] == search.SEPARATOR


def test_a_broken_index_is_named():
    with pytest.raises(search.SearchError, match="search_index.json: cannot read"):
        search.split_index(__import__("pathlib").Path("/nonexistent"))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("持有 GIL）的线程", ["持有", "GIL", "的线程"]),
        ("（GIL：3.13）", ["GIL", "3.13"]),
        ("asyncio.run(main())", ["asyncio", "run", "main"]),
        ("loop.run_in_executor", ["loop", "run_in_executor"]),
        ("“线程池”，", ["线程池"]),
    ],
)
def test_the_separator_cuts_at_punctuation_but_not_inside_names(text, tokens):
    assert [t for t in re.split(search.SEPARATOR, text) if t] == tokens


def test_an_english_page_looks_for_its_index_under_its_language_root():
    html = (
        '<script id="__config" type="application/json">'
        '{"annotate": null, "base": "../..", "x": 1}</script>'
    )
    assert '"base": "../../en/"' in search.language_base(html, "en")
    assert search.language_base(html, "zh") == html
    with pytest.raises(search.SearchError, match="base"):
        search.language_base("<html></html>", "en")


def test_the_segmenter_patch_applies_once_and_is_idempotent(tmp_path):
    site = _site(tmp_path, [])
    worker = search.patch_worker(site)
    patched = worker.read_text(encoding="utf-8")
    assert search.SEGMENT_LOOP_FIXED in patched
    assert search.SEGMENT_LOOP not in patched
    search.patch_worker(site)
    assert worker.read_text(encoding="utf-8") == patched


def test_a_changed_material_worker_stops_the_build_by_name(tmp_path):
    site = _site(tmp_path, [], worker="something else entirely")
    with pytest.raises(
        material.MaterialChanged, match=r"search\.abc\.min\.js: .*0 times.*ptc\.search"
    ):
        search.patch_worker(site)
