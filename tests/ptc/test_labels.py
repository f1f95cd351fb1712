"""Every label exists in both languages, with the same placeholders."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ptc import browser_limits, labels


def test_both_languages_have_the_same_keys():
    zh, en = (set(labels.LABELS[lang]) for lang in ("zh", "en"))
    assert zh == en, {"only zh": zh - en, "only en": en - zh}


@pytest.mark.parametrize("key", sorted(labels.LABELS["en"]))
def test_a_label_has_the_same_placeholders_in_both_languages(key):
    zh, en = (labels.LABELS[lang][key] for lang in ("zh", "en"))
    assert labels.placeholders(zh) == labels.placeholders(en), key
    # A separator between sentences is empty in Chinese.
    assert zh.strip() or key.endswith(".sep"), f"empty zh label {key}"


def test_label_fills_in_and_falls_back_to_english():
    assert (
        labels.label("zh", "figure.title", n=5) == "5 轮的中位数（括号内为最低–最高）"
    )
    assert labels.label("fr", "example.download") == "Download"
    with pytest.raises(KeyError):
        labels.label("en", "no.such.label")


def test_every_refusal_kind_has_a_message_in_both_languages():
    for kind in browser_limits.KINDS:
        for lang in labels.LANGUAGES:
            assert labels.label(lang, f"cannot.{kind}")


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("threads.md", "zh"),
        ("threads.en.md", "en"),
        ("costs.en.py", "en"),
        ("costs.py", "zh"),
        ("a.b.c.md", "zh"),
    ],
)
def test_a_source_file_has_the_language_of_its_suffix(name, lang):
    assert labels.source_language(name) == lang


def test_a_page_has_its_file_locale_or_the_theme_language():
    config = {"theme": {"language": "zh"}}
    english = SimpleNamespace(file=SimpleNamespace(locale="en"))
    assert labels.page_language(english, config) == "en"
    assert labels.page_language(None, config) == "zh"  # 404.html has no page
