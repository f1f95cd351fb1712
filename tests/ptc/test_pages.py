"""A page as the site renders it: Run marks, examples, figures, wide tables."""

from __future__ import annotations

import pytest

from ptc import pages

WIDE = (
    "<p>before</p><table><thead><tr><th>a</th><th>b</th><th>c</th><th>d</th></tr>"
    "</thead><tbody><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></tbody>"
    "</table><p>after &amp; more</p>"
)


def test_a_wide_table_labels_each_cell_with_its_column():
    out = pages.label_table_cells(WIDE)
    assert "<table data-ptc-stack" in out
    for label, value in zip("abcd", "1234", strict=True):
        assert f'<td data-label="{label}">{value}</td>' in out
    assert out.startswith("<p>before</p>") and out.endswith("<p>after &amp; more</p>")


def test_a_narrow_table_and_the_rest_of_the_page_stay_as_written():
    narrow = WIDE.replace("<th>d</th>", "").replace("<td>4</td>", "")
    assert pages.label_table_cells(narrow) == narrow


def test_every_data_table_is_wrapped_in_materials_scrolling_box():
    page = pages.wrap_tables(pages.label_table_cells(WIDE) + WIDE)
    wrapped = pages.TABLE_WRAP + "<table"
    assert page.count(wrapped) == 2
    assert page.count("</table></div></div>") == 2
    assert page.startswith("<p>before</p>" + wrapped)


def test_a_table_with_a_class_is_not_materials_to_wrap():
    table = '<table class="dataframe"><tr><td>1</td></tr></table>'
    assert pages.wrap_tables(table) == table


def test_each_code_block_is_given_its_number_of_lines():
    block = '<div class="language-py highlight"><pre><span></span><code>{}</code></pre>'
    page = pages.size_code_blocks(
        block.format("a = 1\nb = 2\n")
        + "<pre><code>x\n</code></pre>"
        + block.format("<span>print</span>()")
    )
    assert '<pre style="--ptc-lines:2"><span></span><code>a = 1' in page
    assert '<pre style="--ptc-lines:1"><span></span><code><span>print' in page
    assert "<pre><code>x" in page  # not a highlighted block: not Material's code


def test_runnable_snippets_are_marked_and_others_are_not():
    page = "```py\nprint(1)\n```\n\n```py\nimport threading\n```\n"
    out = pages.mark_runnable(page)
    assert out.startswith('```{ .py .ptc-run-code data-run-file="main.py" }\n')
    assert "```py\nimport threading" in out


def _one_example(tmp_path, monkeypatch, toml: str):
    # A coroutine example: a thread or process one would need a recording.
    from ptc import catalogue

    (tmp_path / "coroutines").mkdir()
    (tmp_path / "coroutines" / "x.py").write_text(
        '"""Hi."""\nprint("hi")  # say it\n', "utf-8"
    )
    (tmp_path / "coroutines" / "x.output.txt").write_text("hi\n", "utf-8")
    (tmp_path / "coroutines" / "x.zh.toml").write_text(toml, "utf-8")
    monkeypatch.setattr(catalogue, "EXAMPLES", tmp_path)


TOML = '[[text]]\nen = "Hi."\nzh = "你好。"\n\n[[text]]\nen = "say it"\nzh = "说出来"\n'


def test_a_zh_page_shows_the_chinese_comments_and_links_the_zh_files(
    tmp_path, monkeypatch
):
    _one_example(tmp_path, monkeypatch, TOML)
    zh = pages.render(
        "[[example coroutines/x.py]]", lang="zh", page_src="p.md", to_root=""
    )
    assert '"""你好。"""\nprint("hi")  # 说出来\n' in zh
    assert 'href="examples/zh/coroutines/x.py"' in zh
    assert 'href="examples/ptc-examples-zh.zip"' in zh
    en = pages.render(
        "[[example coroutines/x.py]]", lang="en", page_src="p.md", to_root=""
    )
    assert '"""Hi."""\nprint("hi")  # say it\n' in en
    assert 'href="examples/coroutines/x.py"' in en
    assert 'href="examples/ptc-examples.zip"' in en


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        (TOML.replace("say it", "shout it"), r"x\.zh\.toml:5: stale"),
        (TOML.split("\n\n")[0], r"x\.py:2: this comment has no entry"),
        (TOML.replace('zh = "说', "zh = 说"), r"x\.zh\.toml:7: not valid TOML"),
    ],
)
def test_a_bad_translation_stops_the_zh_page_naming_page_file_and_line(
    tmp_path, monkeypatch, toml, says
):
    from ptc import directives

    _one_example(tmp_path, monkeypatch, toml)
    with pytest.raises(directives.DirectiveError, match=r"^docs/p\.md:2: .*" + says):
        pages.render(
            "Text.\n[[example coroutines/x.py]]", lang="zh", page_src="p.md", to_root=""
        )
