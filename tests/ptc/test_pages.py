"""A page as the site renders it: Run marks, examples, figures, wide tables."""

from __future__ import annotations

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


def test_runnable_snippets_are_marked_and_others_are_not():
    page = "```py\nprint(1)\n```\n\n```py\nimport threading\n```\n"
    out = pages.mark_runnable(page)
    assert out.startswith('```{ .py .ptc-run-code data-run-file="main.py" }\n')
    assert "```py\nimport threading" in out
