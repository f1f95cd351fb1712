"""ptc.lab: which exercises run locally, what their lab folder holds, where
the site serves it, and the errors for an exercise it cannot ship."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from ruff.__main__ import find_ruff_bin

from ptc import ROOT, catalogue, exercises, lab, translations

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_local_exercises_are_on_the_lab_pages_numbered_from_one():
    found = lab.local_exercises()
    assert {ex.page for ex in found} == set(lab.PAGES)
    for ex in found:
        assert ex.runs == "local"
        assert ex.kind in ("fix", "write")
        for name in ("starter.py", "solution.py", "check.py"):
            assert (ex.folder / name).is_file(), f"{ex.key}: {name}"
    names = [ex.key for ex in found]
    assert names[:2] == ["processes/1", "processes/2"]
    assert "threads/3" in names
    assert names[-1] == "comparison/4"


def test_download_paths_follow_the_examples():
    assert (
        exercises.download_path("threads", 1, "starter.py", "en")
        == "examples/lab/threads/1/starter.py"
    )
    assert (
        exercises.download_path("thread-pools", 2, "check.py", "zh")
        == "examples/zh/lab/thread-pools/2/check.py"
    )


def test_the_lab_folder_holds_starters_and_checkers_but_no_solution():
    for lang in ("zh", "en"):
        files = lab.lab_files(lang)
        assert "lab/README.md" in files
        for ex in lab.local_exercises():
            folder = f"lab/{ex.key}/"
            for name in ("starter.py", "check.py"):
                assert files[folder + name] == catalogue.published(
                    ex.folder / name, lang
                )
            zh_comments = translations.translation_path(ex.folder / "starter.py")
            assert zh_comments.is_file(), ex.name
            if lang == "en":
                assert (
                    files[folder + "starter.py"]
                    == (ex.folder / "starter.py").read_bytes()
                )
            else:
                starter = files[folder + "starter.py"].decode()
                assert starter == translations.translate_file(ex.folder / "starter.py")
                assert CJK.search(starter), ex.name
            assert files[folder + "checklib.py"] == lab.CHECKLIB.read_bytes()
            messages = json.loads(files[folder + "messages.json"])
            assert messages == {
                "language": lang,
                "exercise": ex.key,
                "title": ex.texts[lang].title,
                "hints": ex.texts[lang].hints,
            }
            readme = files[folder + "README.md"].decode()
            assert ex.texts[lang].task in readme
            assert "python3 check.py starter.py" in readme
            assert bool(CJK.search(readme)) == (lang == "zh")
        assert not [n for n in files if n.endswith((".toml", "solution.py"))]


TEXTS = (
    '[zh]\ntitle = "标题"\ntask = "任务"\nexplanation = "解释"\n'
    '[zh.hints]\na = "提示"\n'
    '[en]\ntitle = "Title"\ntask = "Task"\nexplanation = "Why"\n'
    '[en.hints]\na = "Hint"\n'
)


def _exercise(root, page="threads", number=1, toml=None, files=("starter.py",)):
    folder = root / page / str(number)
    folder.mkdir(parents=True)
    for name in files:
        (folder / name).write_text("print(1)\n", "utf-8")
    (folder / "exercise.toml").write_text(
        toml or 'kind = "fix"\nruns = "local"\nminutes = 5\n' + TEXTS, "utf-8"
    )
    return folder


def test_a_malformed_exercise_toml_is_named_with_its_line(tmp_path):
    _exercise(tmp_path, toml='kind = "fix"\nruns = "local\n')
    with pytest.raises(exercises.ExerciseError) as refused:
        lab.local_exercises(tmp_path)
    assert str(refused.value).startswith(f"{tmp_path / 'threads/1/exercise.toml'}:2:")


def test_a_missing_file_or_text_is_named_with_its_line(tmp_path):
    _exercise(tmp_path, files=("starter.py", "solution.py"))  # no check.py
    with pytest.raises(
        exercises.ExerciseError, match=r"threads/1/exercise.toml:1: .*check.py"
    ):
        lab.lab_files("en", tmp_path)
    (tmp_path / "threads/1/check.py").write_text("print(1)\n", "utf-8")
    assert [ex.key for ex in lab.local_exercises(tmp_path)] == ["threads/1"]
    _exercise(
        tmp_path,
        page="processes",
        toml='kind = "fix"\nruns = "local"\nminutes = 5\n[en]\ntitle = "T"\n',
        files=("starter.py", "solution.py", "check.py"),
    )
    with pytest.raises(
        exercises.ExerciseError, match=r"processes/1/exercise.toml:\d+: no \[zh\]"
    ):
        lab.lab_files("zh", tmp_path)


def test_a_recorded_predict_exercise_gives_its_program_and_run_to_run_at_home():
    recorded = lab.predict_exercises()
    assert "threads/4" in [ex.key for ex in recorded]
    for lang in ("zh", "en"):
        files = lab.lab_files(lang)
        for ex in recorded:
            folder = f"lab/{ex.key}/"
            assert files[folder + "program.py"] == catalogue.published(
                ex.folder / "program.py", lang
            )
            trace = ex.program.trace_path
            assert files[folder + "program.trace.json"] == trace.read_bytes()
            readme = files[folder + "README.md"].decode()
            assert ex.texts[lang].task in readme
            assert "python3 program.py" in readme
            assert "check.py" not in readme
            assert not {folder + "starter.py", folder + "check.py"} & files.keys()
        listing = files["lab/README.md"].decode()
        assert all(f"`lab/{ex.key}/`" in listing for ex in recorded)


def test_browser_and_unrecorded_predict_exercises_are_not_in_the_lab(tmp_path):
    _exercise(
        tmp_path,
        toml='kind = "fix"\nruns = "browser"\nminutes = 5\n' + TEXTS,
        files=("starter.py", "solution.py", "checks.py"),
    )
    (tmp_path / "threads/1/checks.py").write_text(
        "async def check_a(m):\n    pass\n", "utf-8"
    )
    _exercise(  # its program needs 3.14: not recorded (yet)
        tmp_path,
        page="subinterpreters",
        toml='kind = "predict"\nruns = "local"\nminutes = 5\n'
        '[predict]\nmode = "order"\n' + TEXTS.replace("a = ", "# a = "),
        files=("program.py",),
    )
    (tmp_path / "subinterpreters/1/program.output.txt").write_text("1\n2\n", "utf-8")
    assert len(exercises.exercises(tmp_path)) == 2
    assert lab.local_exercises(tmp_path) == []
    assert lab.predict_exercises(tmp_path) == []
    assert list(lab.lab_files("en", tmp_path)) == ["lab/README.md"]


def test_the_lab_files_are_formatted_and_linted_at_79_columns():
    paths = [str(lab.CHECKLIB)] + [
        str(path) for ex in lab.local_exercises() for path in ex.folder.glob("*.py")
    ]
    for args in (["format", "--check"], ["check", "--output-format", "concise"]):
        done = subprocess.run(
            [find_ruff_bin(), *args, *paths], capture_output=True, text=True, cwd=ROOT
        )
        assert done.returncode == 0, done.stdout + done.stderr
