"""ptc.lab: which exercises run locally, what their lab folder holds, where
the site serves it, and the errors for an exercise it cannot ship."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from ruff.__main__ import find_ruff_bin

from ptc import ROOT, catalogue, lab, translations

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_local_exercises_are_on_the_lab_pages_numbered_from_one():
    found = lab.local_exercises()
    assert {ex.page for ex in found} == set(lab.PAGES)
    for ex in found:
        assert ex.config["runs"] == "local"
        assert ex.config["kind"] in ("fix", "write")
        for name in ("starter.py", "solution.py", "check.py"):
            assert (ex.path / name).is_file(), f"{ex.name}: {name}"
    names = [ex.name for ex in found]
    assert names[:2] == ["processes/1", "processes/2"]
    assert "threads/3" in names


def test_download_paths_follow_the_examples():
    assert (
        lab.download_path("threads", 1, "starter.py", "en")
        == "examples/lab/threads/1/starter.py"
    )
    assert (
        lab.download_path("thread-pools", 2, "check.py", "zh")
        == "examples/zh/lab/thread-pools/2/check.py"
    )


def test_the_lab_folder_holds_starters_and_checkers_but_no_solution():
    for lang in ("zh", "en"):
        files = lab.lab_files(lang)
        assert "lab/README.md" in files
        for ex in lab.local_exercises():
            folder = f"lab/{ex.name}/"
            for name in ("starter.py", "check.py"):
                assert files[folder + name] == catalogue.published(ex.path / name, lang)
            zh_comments = translations.translation_path(ex.path / "starter.py")
            assert zh_comments.is_file(), ex.name
            if lang == "en":
                assert (
                    files[folder + "starter.py"]
                    == (ex.path / "starter.py").read_bytes()
                )
            else:
                starter = files[folder + "starter.py"].decode()
                assert starter == translations.translate_file(ex.path / "starter.py")
                assert CJK.search(starter), ex.name
            assert files[folder + "checklib.py"] == lab.CHECKLIB.read_bytes()
            messages = json.loads(files[folder + "messages.json"])
            assert messages == {
                "language": lang,
                "exercise": ex.name,
                "title": ex.text(lang)["title"],
                "hints": ex.text(lang)["hints"],
            }
            readme = files[folder + "README.md"].decode()
            assert ex.text(lang)["task"].strip() in readme
            assert "python3 check.py starter.py" in readme
            assert bool(CJK.search(readme)) == (lang == "zh")
        assert not [n for n in files if n.endswith((".toml", "solution.py"))]


def _exercise(root, page="threads", number=1, toml=None, files=("starter.py",)):
    folder = root / page / str(number)
    folder.mkdir(parents=True)
    for name in files:
        (folder / name).write_text("print(1)\n", "utf-8")
    (folder / "exercise.toml").write_text(
        toml
        or 'kind = "fix"\nruns = "local"\nminutes = 5\n'
        '[zh]\ntitle = "标题"\ntask = "任务"\n[zh.hints]\na = "提示"\n'
        '[en]\ntitle = "Title"\ntask = "Task"\n[en.hints]\na = "Hint"\n',
        "utf-8",
    )
    return folder


def test_a_malformed_exercise_toml_is_named_with_its_line(tmp_path):
    _exercise(tmp_path, toml='kind = "fix"\nruns = "local\n')
    with pytest.raises(lab.LabError) as refused:
        lab.local_exercises(tmp_path)
    message = str(refused.value)
    assert message.startswith(str(tmp_path / "threads/1/exercise.toml"))
    assert "line 2" in message


def test_a_missing_file_or_text_is_named(tmp_path):
    _exercise(tmp_path)  # no check.py
    with pytest.raises(lab.LabError, match=r"threads/1/exercise.toml: no check.py"):
        lab.lab_files("en", tmp_path)
    _exercise(
        tmp_path,
        page="processes",
        toml='runs = "local"\nminutes = 5\n[en]\ntitle = "T"\n',
        files=("starter.py", "check.py"),
    )
    with pytest.raises(lab.LabError, match=r"processes/1/exercise.toml: no \[zh\]"):
        lab.lab_files("zh", tmp_path)
    with pytest.raises(lab.LabError, match=r"\[en\] has no task"):
        lab.lab_files("en", tmp_path)


def test_browser_exercises_are_not_in_the_lab(tmp_path):
    _exercise(tmp_path, toml='runs = "browser"\n')
    assert lab.local_exercises(tmp_path) == []


def test_the_lab_files_are_formatted_and_linted_at_79_columns():
    paths = [str(lab.CHECKLIB)] + [
        str(path) for ex in lab.local_exercises() for path in ex.path.glob("*.py")
    ]
    for args in (["format", "--check"], ["check", "--output-format", "concise"]):
        done = subprocess.run(
            [find_ruff_bin(), *args, *paths], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stdout + done.stderr
