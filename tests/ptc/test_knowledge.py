"""The RAG service's knowledge base follows the pages (ptc.knowledge)."""

from __future__ import annotations

import json

from ptc import knowledge


def test_the_shipped_knowledge_base_is_built_from_the_pages_as_they_are():
    shipped = knowledge.OUTPUT.read_text("utf-8")
    assert shipped == knowledge.build(), (
        f"{knowledge.OUTPUT} is stale: run .venv/bin/python -m ptc.knowledge"
    )


def test_passages_are_prose_in_both_languages_with_their_section(tmp_path):
    (tmp_path / "p.md").write_text(
        "# 标题\n\n## 节 {#sec}\n\n正文，[链接](x.md#y) 和 [[m:create.thread]]。\n\n"
        "```py\nprint('code')\n```\n\n| 术语 | 解释 |\n| --- | --- |\n| GIL | 锁 |\n",
        "utf-8",
    )
    (tmp_path / "p.en.md").write_text("# Title\n\n## Part {#sec}\n\nText.\n", "utf-8")
    passages = json.loads(knowledge.build(tmp_path))
    assert [(p["lang"], p["page"], p["title"]) for p in passages] == [
        ("en", "p.md#sec", "Part"),
        ("zh", "p.md#sec", "节"),
    ]
    assert passages[1]["text"] == "正文，链接 和 。\n术语: 解释\nGIL: 锁"
    assert all(
        len(p["text"]) <= knowledge.MAX_CHARS
        for p in json.loads(knowledge.OUTPUT.read_text("utf-8"))
    )
