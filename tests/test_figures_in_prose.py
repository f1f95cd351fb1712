"""The numbers in the pages' prose: the same in both languages, and never a
measured figure written by hand.

Measured figures come from docs/data/measurements.json through `[[m:key]]`
and `[[m:a/b]]` (a ratio); the prose may state a threshold ("at least 5
times"), a parameter ("a batch of 50 ms waits") or a fact, but not a
measurement of its own. The stable ratios the comparison page states are
ptc.measure's, and the data file satisfies them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ptc import DOCS, ROOT, directives, measure, pages
from ptc.fences import inside_fences

NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s*万)?")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HEADING_ID = re.compile(r"\{#[^}]*\}")
HTML_TAG = re.compile(r"<[^>]+>")
# A measured time is always in ns or µs: nothing on the site waits that long.
HAND_WRITTEN_TIME = re.compile(r"(?<![\w.])\d[\d,.]*\s*(?:ns|µs|us|纳秒|微秒)(?!\w)")
# Vague sizes of what the site measures: the data file says it exactly.
VAGUE_SIZE = re.compile(
    r"几十?倍|几百倍|几千倍|十几倍|几十纳秒|几微秒"
    r"|\b(?:a few|several|hundreds of|thousands of|tens of) times\b"
    r"|\b(?:a few )?tens of (?:nano|micro)seconds\b",
    re.I,
)
# A ratio in prose is a threshold: "5 倍以上", "at least 3×", "1.5× or more".
RATIO = re.compile(r"(?<![\w.])(\d[\d,.]*)\s*(?:×|倍)")
THRESHOLD_AFTER = re.compile(r"^\s*(?:以上|or more)")
THRESHOLD_BEFORE = re.compile(r"(?:至少\w{0,2}|at least|more than)\s*$")  # 至少快 3 倍


def zh_pages() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".en.md"))


def twin(page: Path) -> Path:
    return page.with_name(page.name.removesuffix(".md") + ".en.md")


def prose(page: Path):
    """(line number, text) of each line outside code, with code spans,
    directives, link targets, heading ids and HTML tags blanked out."""
    lines = page.read_text("utf-8").split("\n")
    for lineno, (line, fenced) in enumerate(
        zip(lines, inside_fences(lines), strict=True), start=1
    ):
        if fenced:
            continue
        for pattern in (LINK_TARGET, directives.CODE_SPAN, directives.DIRECTIVE):
            line = pattern.sub(" ", line)
        yield lineno, HTML_TAG.sub(" ", HEADING_ID.sub(" ", line))


def numbers(page: Path) -> Counter:
    found = Counter()
    for _, text in prose(page):
        for token in NUMBER.findall(text):
            value = token.replace(",", "").replace(" ", "")
            if value.endswith("万"):  # 1 万 is 10,000
                value = f"{float(value[:-1]) * 10_000:g}"
            found[value] += 1
    return found


@pytest.mark.parametrize("page", zh_pages(), ids=lambda p: p.name)
def test_zh_and_en_pages_give_the_same_numbers(page: Path):
    zh, en = numbers(page), numbers(twin(page))
    assert zh == en, (
        f"{page.name} and {twin(page).name} differ in the numbers their prose "
        f"gives: only in zh {dict(zh - en)}, only in en {dict(en - zh)}"
    )


def hand_written_figures(page: Path) -> list[str]:
    problems = []
    for lineno, text in prose(page):
        shown = page.relative_to(ROOT) if page.is_relative_to(ROOT) else page
        where = f"{shown}:{lineno}"
        for match in HAND_WRITTEN_TIME.finditer(text):
            problems.append(f"{where}: a measured time by hand: {match[0]!r}")
        for match in VAGUE_SIZE.finditer(text):
            problems.append(f"{where}: a vague measured size: {match[0]!r}")
        for match in RATIO.finditer(text):
            before, after = text[: match.start()], text[match.end() :]
            if not (THRESHOLD_AFTER.match(after) or THRESHOLD_BEFORE.search(before)):
                problems.append(f"{where}: a ratio by hand: {match[0]!r}")
    return problems


@pytest.mark.parametrize(
    "page",
    [p for p in sorted(DOCS.glob("*.md")) if not p.name.startswith("original-note")],
    ids=lambda p: p.name,
)
def test_measured_figures_come_from_the_data_file(page: Path):
    """The note's own page is left as written: its words are not the site's."""
    problems = hand_written_figures(page)
    assert not problems, (
        "use [[m:key]] or [[m:a/b]] (docs/data/measurements.json):\n"
        + "\n".join(problems)
    )


def test_the_check_catches_figures_by_hand(tmp_path: Path):
    page = tmp_path / "p.md"
    page.write_text(
        "A switch takes 0.02 µs.\n\nA process is several times slower, 124× a "
        "hand-off.\n\n一次交接只比线程慢几倍。\n\nFine: [[m:a/b]], at least 3×, "
        "5 倍以上, `10×` in code.\n",
        "utf-8",
    )
    problems = hand_written_figures(page)
    assert all(p.startswith(f"{page}:") for p in problems), problems
    assert [p.split(": ", 1)[1] for p in problems] == [
        "a measured time by hand: '0.02 µs'",
        "a vague measured size: 'several times'",
        "a ratio by hand: '124×'",
        "a vague measured size: '几倍'",
    ]


def test_the_stable_ratios_hold_in_the_data_file_and_the_page_states_them():
    figures = pages.load_figures()
    for (top, bottom), least in measure.STABLE_RATIOS.items():
        ratio = pages.figure(f"{top}/{bottom}", figures)
        assert ratio["value"] >= least, (top, bottom, ratio["value"], least)
    medians = [figures[key]["value"] for key in measure.CREATION_ORDER]
    assert medians == sorted(medians, reverse=True), measure.CREATION_ORDER
    stated = {
        "zh": r"始终在 {} 倍以上|慢 {} 倍以上",
        "en": r"more than {} times",
    }
    for page, lang in (
        (DOCS / "comparison.md", "zh"),
        (DOCS / "comparison.en.md", "en"),
    ):
        text = page.read_text("utf-8")
        for least in measure.STABLE_RATIOS.values():
            assert re.search(stated[lang].format(least, least), text), (
                f"{page.name} does not state the stable ratio {least}"
            )
