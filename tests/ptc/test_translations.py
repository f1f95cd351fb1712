"""Chinese comments and docstrings (ptc.translations): what a text is, how
the Chinese goes in, the errors that name file and line, and every example's
translation (complete, not stale, code untouched)."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from ptc import EXAMPLES, catalogue, translations
from ptc.translations import TranslationError

SOURCE = '''\
"""A module docstring
on two lines."""
# requires: Python 3.11

import os  # the OS


def f():
    """Say hi.

    More about it.
    """
    # First line of a block,
    # second line of it.
    x = 1  # noqa: E501 (long on purpose)
    # fmt: off
    return x
'''

ENTRIES = {
    "A module docstring\non two lines.": "模块的文档字符串。",
    "the OS": "操作系统",
    "Say hi.\n\nMore about it.": "打招呼。\n\n更多说明。",
    "First line of a block,\nsecond line of it.": "一个注释块，合成一行。",
    "(long on purpose)": "(故意写长)",
}

EXPECTED = '''\
"""模块的文档字符串。"""
# requires: Python 3.11

import os  # 操作系统


def f():
    """打招呼。

    更多说明。
    """
    # 一个注释块，合成一行。
    x = 1  # noqa: E501 (故意写长)
    # fmt: off
    return x
'''


def toml_of(entries: dict[str, str]) -> str:
    return "# a test\n" + "".join(
        translations.entry_toml(en, zh) for en, zh in entries.items()
    )


def write(tmp_path: Path, source: str, toml: str) -> Path:
    example = tmp_path / "threads" / "x.py"
    example.parent.mkdir(exist_ok=True)
    example.write_text(source, encoding="utf-8")
    translations.translation_path(example).write_text(toml, encoding="utf-8")
    return example


def test_the_texts_are_docstrings_comment_blocks_and_comments_after_code():
    found = translations.texts(SOURCE)
    assert [(t.kind, t.en, t.line) for t in found] == [
        ("docstring", "A module docstring\non two lines.", 1),
        ("comment", "the OS", 5),
        ("docstring", "Say hi.\n\nMore about it.", 9),
        ("comments", "First line of a block,\nsecond line of it.", 13),
        ("comment", "(long on purpose)", 15),
    ]  # `# requires:` and `# fmt:` are rules: never texts


def test_a_block_ends_at_code_a_gap_or_another_column():
    source = "# a\n# b\nx = 1\n# c\n\n# d\nif x:\n    # e\n    pass\n"
    assert [t.en for t in translations.texts(source)] == ["a\nb", "c", "d", "e"]


def test_translate_changes_only_comments_and_docstrings(tmp_path):
    example = write(tmp_path, SOURCE, toml_of(ENTRIES))
    assert translations.translate_file(example) == EXPECTED


def test_a_translation_may_take_more_lines_than_the_english():
    entries = {**ENTRIES, "the OS": "操作系统"}
    entries["First line of a block,\nsecond line of it."] = "一\n\n二\n三"
    out = translations.translate(
        SOURCE, translations.load_text(toml_of(entries), "x.zh.toml"), "t", "x.py"
    )
    assert "    # 一\n    #\n    # 二\n    # 三\n    x = 1" in out


def test_a_missing_entry_is_named_with_the_examples_line(tmp_path):
    entries = dict(ENTRIES)
    del entries["the OS"]
    example = write(tmp_path, SOURCE, toml_of(entries))
    with pytest.raises(TranslationError, match=r"x\.py:5: this comment has no entry"):
        translations.translate_file(example)
    assert 'en = "the OS"' in translations.check_file(example)[0]  # what to add


def line_of(toml: str, en: str) -> int:
    """The line of the `[[text]]` header of the entry whose `en` is `en`."""
    lines = toml.splitlines()
    at = lines.index(f'en = "{en}"')
    return max(n for n in range(at) if lines[n] == "[[text]]") + 1


def test_a_stale_entry_is_named_with_its_line(tmp_path):
    toml = toml_of({**ENTRIES, "gone": "没了"})
    example = write(tmp_path, SOURCE, toml)
    (problem,) = translations.check_file(example)
    where = translations.shown(translations.translation_path(example))
    assert problem.startswith(f"{where}:{line_of(toml, 'gone')}: stale: ")


def test_a_malformed_file_is_named_with_its_line(tmp_path):
    example = write(tmp_path, SOURCE, '[[text]]\nen = "x"\nzh = "y\n')
    with pytest.raises(TranslationError, match=r"x\.zh\.toml:3: not valid TOML"):
        translations.translate_file(example)


@pytest.mark.parametrize(
    ("toml", "line", "says"),
    [
        ('[[text]]\nen = "a"\nzh = "甲"\nnote = "?"\n', 1, "exactly `en` and `zh`"),
        ('[[text]]\nen = "a"\n', 1, "exactly `en` and `zh`"),
        ('[other]\nen = "a"\nzh = "甲"\n', 1, "unknown keys"),
        ('[text]\nen = "a"\nzh = "甲"\n', 1, "as a `\\[\\[text\\]\\]` table"),
        ('text = [{en = "a", zh = "甲"}]\n', 1, "on a line of its own"),
    ],
)
def test_a_file_that_is_not_a_list_of_entries_is_refused(toml, line, says):
    with pytest.raises(TranslationError, match=rf"^t\.zh\.toml:{line}: .*{says}"):
        translations.load_text(toml, "t.zh.toml")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"the OS": "the OS"}, r":\d+: `zh` holds no Chinese"),
        ({"the OS": "操作\n系统"}, r":\d+: a comment after code takes one line"),
        (
            {"Say hi.\n\nMore about it.": '说 """ 嗨'},
            r":\d+: a docstring's Chinese cannot hold",
        ),
        (
            {"A module docstring\non two lines.": '模块 "x"'},
            r":\d+: a docstring's Chinese cannot hold .*nor end in \"",
        ),
        (
            {"A module docstring\non two lines.": "模块 \\n"},
            r":\d+: a docstring's Chinese cannot hold",
        ),
        ({"the OS": "操作系统" * 40}, r":\d+: the line .* 333 columns, more than 79"),
    ],
)
def test_a_translation_that_cannot_go_in_is_named_with_its_line(tmp_path, change, says):
    example = write(tmp_path, SOURCE, toml_of({**ENTRIES, **change}))
    with pytest.raises(TranslationError, match=r"x\.zh\.toml" + says):
        translations.translate_file(example)


def test_a_docstring_in_triple_quotes_may_quote_json():
    entries = {**ENTRIES, "A module docstring\non two lines.": '返回 {"a": 1}。'}
    out = translations.translate(
        SOURCE, translations.load_text(toml_of(entries), "x.zh.toml"), "t", "x.py"
    )
    assert out.startswith('"""返回 {"a": 1}。"""\n')
    assert ast.get_docstring(ast.parse(out)) == '返回 {"a": 1}。'


def test_two_entries_for_one_text_are_refused():
    toml = toml_of(ENTRIES) + translations.entry_toml("the OS", "系统")
    first, second = (
        n for n, line in enumerate(toml.splitlines(), 1) if line == 'en = "the OS"'
    )
    with pytest.raises(
        TranslationError, match=rf"t:{second - 1}: a second entry .* line {first - 1}"
    ):
        translations.translate(SOURCE, translations.load_text(toml, "t"), "t", "x.py")


def test_width_counts_a_chinese_character_as_two_columns():
    assert translations.width("abc") == 3
    assert translations.width("线程，abc") == 9


def test_the_helper_appends_an_entry_to_fill_in_for_each_new_text(tmp_path):
    example = write(tmp_path, SOURCE, toml_of({"the OS": "操作系统"}))
    added, stale = translations.add_missing(example)
    assert (added, stale) == (4, [])
    problems = translations.check_file(example)
    assert len(problems) == 4 and all("holds no Chinese" in p for p in problems)


# --- every example and every project file ---------------------------------------


def python_files() -> list[Path]:
    """What the zh pages, downloads and zip give in Chinese: every example,
    and every Python file of a project."""
    projects = [p for p in catalogue.project_files() if p.suffix == ".py"]
    return [ex.path for ex in catalogue.examples()] + projects


FILES = pytest.mark.parametrize(
    "path", python_files(), ids=lambda p: p.relative_to(EXAMPLES).as_posix()
)


def split_tokens(source: str) -> tuple[list[tuple[int, str]], list[str]]:
    """(the tokens that make the code, the comments and docstrings): all
    tokens but comments, blank-line breaks and docstrings, and those.
    Docstrings are found here with ast, apart from ptc.translations."""
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        (node.body[0].lineno, node.body[0].col_offset)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    code, texts = [], []
    for t in tokenize.generate_tokens(io.StringIO(source).readline):
        if t.type == tokenize.COMMENT or (
            t.type == tokenize.STRING and t.start in docstrings
        ):
            texts.append(t.string)
        elif t.type != tokenize.NL:
            code.append((t.type, t.string))
    return code, texts


@FILES
def test_zh_and_en_differ_only_in_comments_and_docstrings(path):
    source = path.read_text(encoding="utf-8")
    zh = catalogue.published(path, "zh").decode("utf-8")
    assert split_tokens(zh)[0] == split_tokens(source)[0]
    assert zh != source
    compile(zh, f"{path.name} (zh)", "exec")  # the zh version still compiles


@FILES
def test_every_comment_and_docstring_has_chinese_and_no_entry_is_stale(path):
    relative = path.relative_to(EXAMPLES).as_posix()
    toml = translations.translation_path(path)
    assert toml.is_file(), (
        f"{relative} has no {toml.name}: run "
        f"python -m ptc.translations examples/{relative}"
    )
    assert translations.check_file(path) == []
    # Every comment and docstring the file has is Chinese in the zh
    # version, but for the rules that stay as they are.
    source = path.read_text(encoding="utf-8")
    zh_texts = split_tokens(catalogue.published(path, "zh").decode("utf-8"))[1]
    for text in zh_texts:
        rule = text.startswith(("# requires:", "# not-run:"))
        assert rule or translations.CJK.search(text), f"{relative}: {text}"
    for text in split_tokens(source)[1]:
        if text.startswith(("# requires:", "# not-run:")):
            assert text in zh_texts, f"{relative}: rule {text} changed"
        if text.startswith("# noqa"):
            marker = translations.NOQA.match(text)[0]
            assert any(t.startswith(marker) for t in zh_texts), text


def test_the_project_files_are_among_the_files_checked():
    names = {p.relative_to(EXAMPLES).as_posix() for p in python_files()}
    assert {"rag_service/orchestrator.py", "rag_service/common.py"} <= names
