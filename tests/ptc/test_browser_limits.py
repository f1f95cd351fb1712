"""What the browser refuses: the static rule and the data the bundle carries."""

from __future__ import annotations

import pytest

from ptc import browser_limits, labels
from ptc.browser_limits import browser_runnable


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("import threading\n", "imports threading: the browser has no threads"),
        ("from multiprocessing import Pool\n", "imports multiprocessing"),
        ("import concurrent.futures\n", "imports concurrent.futures"),
        ("x = input()\n", "calls input()"),
        ("import asyncio\nasyncio.to_thread(print)\n", "calls to_thread()"),
        ("import os\nos.fork()\n", "calls fork()"),
        ("x = (\n", "does not parse"),
        ("# not-run: a fragment\nprint(1)\n", "marked # not-run"),
    ],
)
def test_code_the_browser_cannot_run_is_refused_with_a_reason(source, why):
    runnable, reason = browser_runnable(source)
    assert not runnable and why in reason


def test_plain_asyncio_runs():
    assert browser_runnable("import asyncio\nasyncio.run(asyncio.sleep(0))\n") == (
        True,
        "runs in the browser",
    )


def test_every_patch_names_a_known_kind_and_an_importable_target():
    import importlib

    for module, attribute, kind in browser_limits.PATCHES:
        assert kind in browser_limits.KINDS
        if module.startswith("pyodide"):
            continue  # exists only in the browser
        target = importlib.import_module(module)
        for part in attribute.split("."):
            target = getattr(target, part)


def test_the_bundle_carries_the_limits_and_labels_in_both_languages():
    data = browser_limits.bundle_data()
    assert data["maxLines"] == browser_limits.MAX_LINES
    assert data["maxChars"] == browser_limits.MAX_CHARS
    for lang in labels.LANGUAGES:
        run = data["labels"][lang]
        assert run["run"] == labels.label(lang, "run.run")
        assert set(run["kinds"]) == set(browser_limits.KINDS)
    assert set(data["messages"]) == set(browser_limits.KINDS)
