"""The `[[…]]` grammar: what it finds, what it leaves alone, what it refuses."""

from __future__ import annotations

import pytest

from ptc.directives import Directive, DirectiveError, expand, parse

PAGE = """# Title

[[example threads/race_and_lock.py]]

A figure: [[m:create.thread]], a ratio: [[m:handoff.process/handoff.thread]].

- item

    [[examples-zip]]

`[[m:in.code.span]]` and ``[[not a directive]]`` stay text.

```text
[[example not/expanded.py]]
[[anything at all]]
```
"""


def test_every_directive_outside_code_is_found_with_its_line():
    found = [(d.name, d.argument, d.line) for d in parse(PAGE, "p.md")]
    assert found == [
        ("example", "threads/race_and_lock.py", 3),
        ("m", "create.thread", 5),
        ("m", "handoff.process/handoff.thread", 5),
        ("examples-zip", "", 9),
    ]
    assert parse(PAGE)[3].indent == "    "


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[exampel threads/x.py]]", r"p\.md:3: unknown directive \[\[exampel"),
        ("[[example Threads/X.py]]", r"p\.md:3: unknown directive"),
        ("[[m:]]", r"p\.md:3: unknown directive \[\[m:\]\]"),
        ("[[m:has space]]", r"p\.md:3: unknown directive"),
        ("see [[example threads/x.py]] here", r"p\.md:3: .*on a line of its own"),
        ("[[examples-zip]] and more", r"p\.md:3: .*on a line of its own"),
        ("[[code rag_service/orchestrator.py]]", r"p\.md:3: unknown directive"),
        ("[[code rag_service/orchestrator.py:]]", r"p\.md:3: unknown directive"),
        ("[[code orchestrator.py:ask]]", r"p\.md:3: unknown directive"),
        ("see [[code rag_service/a.py:f]] here", r"p\.md:3: .*on a line of its own"),
    ],
)
def test_a_bad_directive_names_the_file_and_line(line, message):
    with pytest.raises(DirectiveError, match=message):
        parse(f"# T\n\n{line}\n", "p.md")


def test_expand_calls_one_handler_per_directive_in_page_order():
    calls: list[Directive] = []

    def example(d):
        calls.append(d)
        return "<div>\n\ncode\n</div>"

    def figure(d):
        calls.append(d)
        return f"<{d.argument}>"

    out = expand(
        PAGE, {"example": example, "m": figure, "examples-zip": lambda d: "ZIP"}
    )
    assert [d.line for d in calls] == [3, 5, 5]
    assert "<div>\n\ncode\n</div>" in out
    assert (
        "A figure: <create.thread>, a ratio: <handoff.process/handoff.thread>." in out
    )
    assert "\n    ZIP\n" in out  # a block keeps its indentation
    assert "`[[m:in.code.span]]`" in out and "[[anything at all]]" in out


def test_a_refusing_handler_is_reported_with_file_and_line():
    def missing(d):
        raise LookupError("no example file examples/threads/gone.py")

    with pytest.raises(DirectiveError, match=r"docs/x\.md:3: .*threads/gone\.py"):
        expand(
            "# T\n\n[[example threads/gone.py]]\n", {"example": missing}, "docs/x.md"
        )


def test_a_directive_without_a_handler_is_an_error():
    with pytest.raises(DirectiveError, match=r"x:1: \[\[m:a\]\] is not allowed here"):
        expand("[[m:a]]", {}, "x")


def test_a_code_directive_names_a_project_file_and_a_function():
    page = "# T\n\n[[code rag_service/orchestrator.py:call_service]]\n"
    assert [(d.name, d.argument, d.line) for d in parse(page)] == [
        ("code", "rag_service/orchestrator.py:call_service", 3)
    ]
    assert parse(page)[0].text == "[[code rag_service/orchestrator.py:call_service]]"


def test_a_code_directive_renders_exactly_that_function_never_runnable():
    import ast

    from ptc import EXAMPLES, pages

    page = "# T\n\n- item\n\n    [[code rag_service/tool_exec.py:acknowledge]]\n"
    out = pages.render(page, lang="en", page_src="x.md", to_root="../")
    source = (EXAMPLES / "rag_service" / "tool_exec.py").read_text("utf-8")
    node = next(
        n for n in ast.parse(source).body if getattr(n, "name", "") == "acknowledge"
    )
    expected = ast.get_source_segment(source, node)
    body = out.split("```python\n", 1)[1].split("\n    ```", 1)[0]
    assert "\n".join(line[4:] for line in body.split("\n")) == expected
    assert 'href="../examples/rag_service/tool_exec.py"' in out
    assert 'id="code-rag-service-tool-exec-acknowledge"' in out
    assert "ptc-run-code" not in out  # shown, never given a Run button
    assert f"lines {node.lineno}–{node.end_lineno}" in out


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "rag_service/orchestrator.py:no_such_function",
            r"docs/x\.md:3: .*no function or class no_such_function in "
            r"examples/rag_service/orchestrator\.py",
        ),
        (
            "rag_service/missing.py:main",
            r"docs/x\.md:3: .*no project file examples/rag_service/missing\.py",
        ),
        (
            "threads/race_and_lock.py:main",
            r"docs/x\.md:3: .*no project file examples/threads/race_and_lock\.py",
        ),
    ],
)
def test_an_unknown_file_or_function_is_an_error_with_page_and_line(reference, message):
    from ptc import pages

    with pytest.raises(DirectiveError, match=message):
        pages.render(
            f"# T\n\n[[code {reference}]]\n", lang="zh", page_src="x.md", to_root=""
        )
