"""Tables: readable on a phone, and wrapped at build time.

For each table of four or more columns, every body cell gets the header of
its column as `data-label`, and the table gets `data-ptc-stack`; on a narrow
screen web/site.css then shows each row as a card, each cell under its
column's name, with no sideways scrolling. The note's comparison table is
the one a student comes for.

Every data table is also put in Material's scrolling box here, rather than
by Material's script on load, which restyled each table as it moved it
(ptc.pages.wrap_tables); ptc.material tells the script to leave wrapped
tables alone.
"""

from __future__ import annotations

from ptc import pages


def on_page_content(html: str, page, config, files) -> str:
    return pages.wrap_tables(pages.label_table_cells(html))
