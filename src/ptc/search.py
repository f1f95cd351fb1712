"""Search in the reader's language, with terms found and highlighted whole.

mkdocs-static-i18n gives Material one index for both languages, so a zh
reader searching "GIL" gets English pages among the results. The site
splits it: `/search/search_index.json` keeps the zh pages and
`/en/search/search_index.json` the en ones, with locations relative to
`/en/`. Material fetches the index from its `base`, so an en page's base
becomes its language root.

Material 9.8.1 cuts a run of Chinese characters in the query into words
found in the index, but its loop never tries the whole run: 线程池 is
searched as 线程, and the link highlights only 线程 (`?h=线程`). The worker
is patched to try the whole run too; `patch_worker` fails loudly if
Material's code changed, naming what it expected (ptc.material.patch_file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ptc import labels, material

INDEX = Path("search") / "search_index.json"

# Split terms at spaces, jieba's zero-width spaces, and Chinese and ASCII
# punctuation, so "GIL）" indexes and highlights as "GIL". A "." splits
# unless a digit follows ("asyncio.run", but "3.12"); "_" never does
# ("run_in_executor").
SEPARATOR = (
    r"[\s\u200b\u3000\-、。，．？！；：（）【】《》〈〉「」『』“”‘’…·"
    r",:;!?()\[\]{}<>\"'`/=|+*]+|\.(?!\d)"
)

# Material's segmenter (search worker, 9.8.1): `o<t.length` never reaches
# the end of the run, so the run itself is never a candidate.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEGMENT_LOOP_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"
SEGMENT_PATCH = material.Patch(
    "ptc.search: the segmenter tries the whole run of Chinese characters;"
    " check whether this Material still needs it (tests/test_site_browser.py,"
    " 线程池)",
    SEGMENT_LOOP,
    SEGMENT_LOOP_FIXED,
)


class SearchError(RuntimeError):
    """The built site is not what this module knows how to change."""


def language_of(location: str) -> str:
    """The language of an index entry, from its location."""
    for lang in labels.LANGUAGES:
        if lang != labels.DEFAULT and (
            location == f"{lang}/" or location.startswith(f"{lang}/")
        ):
            return lang
    return labels.DEFAULT


def split_index(site_dir: Path) -> dict[str, int]:
    """Write one index per language; the number of entries in each."""
    source = site_dir / INDEX
    try:
        index = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as bad:
        raise SearchError(f"{source}: cannot read the search index: {bad}") from None
    docs = {lang: [] for lang in labels.LANGUAGES}
    for doc in index["docs"]:
        lang = language_of(doc["location"])
        if lang != labels.DEFAULT:
            doc = {**doc, "location": doc["location"].removeprefix(f"{lang}/")}
        docs[lang].append(doc)
    counts = {}
    for lang, entries in docs.items():
        root = site_dir if lang == labels.DEFAULT else site_dir / lang
        config = {**index["config"], "separator": SEPARATOR}
        if lang != labels.DEFAULT:
            config["lang"] = [lang]
        target = root / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({"config": config, "docs": entries}, ensure_ascii=False),
            encoding="utf-8",
        )
        counts[lang] = len(entries)
    return counts


CONFIG_BASE = re.compile(
    r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")'
)


def language_base(html: str, lang: str) -> str:
    """Point Material's `base` at the page's language root, where its index is."""
    if lang == labels.DEFAULT:
        return html
    new, found = CONFIG_BASE.subn(
        lambda m: f"{m[1]}{m[2].rstrip('/')}/{lang}/{m[3]}", html, count=1
    )
    if not found:
        raise SearchError('no "base" in the page\'s Material config (#__config)')
    return new


def patch_worker(site_dir: Path) -> Path:
    """Let Material's query segmenter try a whole run of Chinese characters
    (ptc.material.MaterialChanged when its code changed)."""
    return material.patch_file(site_dir, WORKER_GLOB, (SEGMENT_PATCH,))
