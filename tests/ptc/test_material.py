"""Material's script as the site serves it: deferred, patched, ahead of itself."""

from __future__ import annotations

from pathlib import Path

import material as material_theme
import pytest

from ptc import material

THEME_BUNDLES = list(
    (Path(material_theme.__file__).parent / "templates").glob(material.BUNDLE_GLOB)
)
PAGE = (
    '<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8">'
    "<title>t</title></head><body><p>text</p>"
    '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
    '<script src="../assets/site.js" defer></script></body></html>'
)
BUNDLE = (
    'x=M("table:not([class])",e);document.documentElement.classList.add("js");'
    'd.classList.add("js-focus-visible"),d.setAttribute("data-js-focus-visible","")'
)


def test_the_installed_materials_bundle_takes_every_patch():
    """The guard that matters: this Material still has each text a patch
    replaces, once, and still sets what HTML_STATE_SCRIPT sets first."""
    assert len(THEME_BUNDLES) == 1, THEME_BUNDLES
    bundle = THEME_BUNDLES[0].read_text(encoding="utf-8")
    patched = material.apply(
        bundle, str(THEME_BUNDLES[0]), material.PATCHES, material.HTML_STATE
    )
    for patch in material.PATCHES:
        assert patch.find not in patched.replace(patch.replace, "")
        assert patched.count(patch.replace) == 1


def _site(tmp_path: Path, bundle: str) -> Path:
    javascripts = tmp_path / "assets" / "javascripts"
    javascripts.mkdir(parents=True)
    (javascripts / "bundle.a5f9d56c.min.js").write_text(bundle, encoding="utf-8")
    return tmp_path


def test_a_bundle_is_patched_once_however_often_it_is_patched(tmp_path):
    bundle = material.patch_bundle(_site(tmp_path, BUNDLE))
    once = bundle.read_text(encoding="utf-8")
    assert '"table:not([class]):not(.md-typeset__table > table)"' in once
    material.patch_bundle(tmp_path)
    assert bundle.read_text(encoding="utf-8") == once


def test_a_bundle_without_a_patchs_text_stops_with_its_name(tmp_path):
    changed = BUNDLE.replace('"table:not([class])"', '"table"')
    with pytest.raises(
        material.MaterialChanged,
        match=r"bundle\.a5f9d56c\.min\.js: .*table.*0 times.*ptc\.material",
    ):
        material.patch_bundle(_site(tmp_path / "changed", changed))
    twice = BUNDLE + ';M("table:not([class])",e)'
    with pytest.raises(material.MaterialChanged, match="2 times"):
        material.patch_bundle(_site(tmp_path / "twice", twice))


def test_a_bundle_that_no_longer_sets_a_class_stops_the_build(tmp_path):
    changed = BUNDLE.replace('classList.add("js-focus-visible")', "")
    with pytest.raises(material.MaterialChanged, match="bundle.*js-focus-visible"):
        material.patch_bundle(_site(tmp_path, changed))


def test_a_site_without_one_bundle_stops_the_build(tmp_path):
    (tmp_path / "assets").mkdir()
    with pytest.raises(material.MaterialChanged, match=r"not one .*bundle\.\*"):
        material.patch_bundle(tmp_path)


def test_a_page_defers_the_bundle_and_sets_its_classes_first_in_head():
    out = material.defer_bundle(PAGE, "en/x.md")
    assert '<script defer src="../assets/javascripts/bundle.a5f9d56c.min.js">' in out
    assert out.count("bundle.a5f9d56c") == 1
    head = out[: out.index("<title>")]
    assert head.endswith(material.HEAD + material.HTML_STATE_SCRIPT)
    for name in ("'js'", "'js-focus-visible'", "'data-js-focus-visible'"):
        assert name in material.HTML_STATE_SCRIPT


def test_a_page_without_the_bundle_stops_with_its_name():
    with pytest.raises(material.MaterialChanged, match="en/x.md: 0 script tags"):
        material.defer_bundle(PAGE.replace("bundle.a5f9d56c", "other"), "en/x.md")
