"""Embed pages: one example, its runner and its output, for an iframe.

A teacher embeds an example in course material (an LMS page, slides) with
the iframe code that the example's Embed button copies. The page is the
example exactly as the site renders it (ptc.pages.render_example), with the
site's own styles and Run buttons, and a link to its place on the site.
It tells the page around it its height (web/embed.js), so that page can
size the iframe to fit.

Where they are: /embed/<topic>/<name>/ (zh) and /en/embed/<topic>/<name>/.
"""

from __future__ import annotations

import html
from pathlib import Path

from ptc import DOCS, catalogue, directives, labels, pages

STYLESHEETS = (
    "assets/stylesheets/main.*.min.css",
    "assets/stylesheets/palette.*.min.css",
)
OWN_STYLES = ("assets/site.css", "assets/run_buttons.css", "assets/recording.css")
# Material's palette follows the reader's system setting.
DARK_MODE = (
    '<script>if (matchMedia("(prefers-color-scheme: dark)").matches)'
    ' document.body.dataset.mdColorScheme = "slate";</script>'
)


def lang_root(lang: str) -> str:
    return "" if lang == labels.DEFAULT else f"{lang}/"


def embed_path(example: catalogue.Example, lang: str) -> str:
    return catalogue.embed_path(example.relative, lang)


def example_pages(docs: Path = DOCS) -> dict[str, str]:
    """Each example's page, as a path from a language root ("coroutines/")."""
    found = {}
    for page in sorted(docs.glob("*.md")):
        if page.name.endswith(".en.md"):
            continue
        text = page.read_text(encoding="utf-8")
        stem = page.name.removesuffix(".md")
        for directive in directives.parse(text, f"docs/{page.name}"):
            if directive.name == "example":
                found[directive.argument] = "" if stem == "index" else f"{stem}/"
    return found


def _assets(site_dir: Path) -> list[str]:
    paths = []
    for pattern in STYLESHEETS:
        matches = sorted(site_dir.glob(pattern))
        if len(matches) != 1:
            raise FileNotFoundError(
                f"{site_dir}: expected one {pattern}, found {matches}"
            )
        paths.append(matches[0].relative_to(site_dir).as_posix())
    return paths + list(OWN_STYLES)


def render_page(
    example: catalogue.Example,
    lang: str,
    body: str,
    page: str,
    stylesheets: list[str],
    site_name: str,
    palette: dict[str, str] | None = None,
) -> str:
    """The embed page's HTML; `body` is the example's rendered HTML;
    `palette` the theme's primary and accent colours (Material's names)."""
    to_root = "../" * embed_path(example, lang).count("/")
    on_site = f"{to_root}{lang_root(lang)}{page}#{example.anchor}"
    # The example's own permalink leads to its place on the site.
    body = body.replace(
        f'class="ptc-example-link" href="#{example.anchor}"',
        f'class="ptc-example-link" href="{on_site}" target="_blank" rel="noopener"',
    )
    links = "".join(
        f'<link rel="stylesheet" href="{to_root}{sheet}">' for sheet in stylesheets
    )
    title = html.escape(f"{example.relative} · {site_name}")
    source = html.escape(labels.label(lang, "embed.source", site=site_name))
    back = f'<a href="{on_site}" target="_blank" rel="noopener">{source}</a>'
    colors = "".join(
        f' data-md-color-{part}="{html.escape(name)}"'
        for part, name in (palette or {}).items()
    )
    return f"""<!doctype html>
<html lang="{lang}" class="ptc-embed-page">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
{links}
</head>
<body class="ptc-embed" data-md-color-scheme="default"{colors}>
{DARK_MODE}
<main class="md-typeset">
{body}
<p class="ptc-embed-source">{back}</p>
</main>
<script type="module" src="{to_root}assets/run_buttons.js"></script>
<script src="{to_root}assets/embed.js"></script>
</body>
</html>
"""


def write_all(
    site_dir: Path,
    render_markdown,
    site_names: dict[str, str],
    palette: dict[str, str] | None = None,
) -> list[Path]:
    """Write every example's embed page in every language.

    `render_markdown` turns Markdown into HTML the way the site does (the
    build's own extensions), so the example looks as it does on its page.
    """
    stylesheets = _assets(site_dir)
    where = example_pages()
    written = []
    for example in catalogue.examples():
        page = where.get(example.relative)
        if page is None:
            raise LookupError(f"{example.relative}: no page in docs/ includes it")
        for lang in labels.LANGUAGES:
            to_root = "../" * embed_path(example, lang).count("/")
            markdown = pages.render_example(example, lang, to_root)
            body = render_markdown(markdown)
            target = site_dir / embed_path(example, lang) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                render_page(
                    example, lang, body, page, stylesheets, site_names[lang], palette
                ),
                encoding="utf-8",
            )
            written.append(target)
    return written
