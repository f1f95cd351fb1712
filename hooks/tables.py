"""Wide tables stay readable on a phone: every cell knows its column.

For each table of four or more columns, every body cell gets the header of
its column as `data-label`, and the table gets `data-ptc-stack`; on a narrow
screen web/site.css then shows each row as a card, each cell under its
column's name, with no sideways scrolling. The note's comparison table is
the one a student comes for.
"""

from __future__ import annotations

from ptc import pages


def on_page_content(html: str, page, config, files) -> str:
    return pages.label_table_cells(html)
