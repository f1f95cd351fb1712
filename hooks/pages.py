"""Render each page's own additions: Run marks, examples and figures, and
a copy-link button beside each heading's and example's permalink.

The work is ptc.pages.render (see there for the order); this hook hands it
the page's language and place, and turns a refused directive into a build
error that names the page file and line.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ptc import directives, labels, pages


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # the notebooks render themselves (hooks/notebooks.py)
    try:
        return pages.render(
            markdown,
            lang=labels.page_language(page, config),
            page_src=page.file.src_uri,
            # Directory URLs: "threads/" and "en/threads/" sit one and two deep.
            to_root="../" * page.url.count("/"),
        )
    except (directives.DirectiveError, FileNotFoundError) as refused:
        raise PluginError(str(refused)) from None


def on_page_content(html: str, page, config, files) -> str:
    return pages.add_copy_links(html, labels.page_language(page, config))
