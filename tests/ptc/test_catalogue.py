"""The example catalogue: files, anchors, outputs, topics."""

from __future__ import annotations

import zipfile

import pytest

from ptc import EXAMPLES, catalogue


def test_every_example_sits_in_a_known_topic_with_its_output():
    found = catalogue.examples()
    assert found, "examples/ is empty"
    for ex in found:
        assert ex.topic in catalogue.TOPICS, ex.relative
        assert ex.output_path.is_file(), f"{ex.relative}: no {ex.output_path.name}"
    assert {ex.topic for ex in found} == set(catalogue.TOPICS)


def test_anchors_are_ascii_and_unique():
    anchors = [ex.anchor for ex in catalogue.examples()]
    assert len(set(anchors)) == len(anchors)
    assert (
        catalogue.anchor_for("threads/race_and_lock.py") == "ex-threads-race-and-lock"
    )


def test_an_unknown_example_says_what_is_missing(tmp_path):
    with pytest.raises(
        catalogue.UnknownExample, match="no example file examples/x/y.py"
    ):
        catalogue.example("x/y.py")


def test_the_examples_that_read_a_clock_are_known():
    timed = {ex.relative for ex in catalogue.examples() if ex.times_itself}
    assert "threads/gil_cpu_bound.py" in timed
    assert "process_pools/cpu_speedup.py" in timed
    assert "coroutines/queue_workers.py" in timed  # loop.time()
    assert "coroutines/taskgroup.py" not in timed


def test_helper_files_are_not_examples(tmp_path):
    (tmp_path / "threads").mkdir()
    (tmp_path / "threads" / "_helper.py").write_text("", "utf-8")
    (tmp_path / "threads" / "a.py").write_text("", "utf-8")
    assert [ex.path.name for ex in catalogue.examples(tmp_path)] == ["a.py"]
    assert EXAMPLES.is_dir()


def test_projects_are_not_examples_but_go_into_the_zip(tmp_path):
    assert not [ex for ex in catalogue.examples() if ex.topic == "rag_service"]
    files = {p.relative_to(EXAMPLES).as_posix() for p in catalogue.project_files()}
    for name in ("launch.py", "orchestrator.py", "vector_search.py", "rerank.py"):
        assert f"rag_service/{name}" in files
    assert "rag_service/tool_exec.py" in files
    assert "rag_service/knowledge.json" in files
    catalogue.write_zip(tmp_path / "x.zip")
    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        names = set(archive.namelist())
    root = catalogue.ZIP_ROOT
    assert {f"{root}/{name}" for name in files} <= names
    assert f"{root}/README.md" in names
    assert {f"{root}/{ex.relative}" for ex in catalogue.examples()} <= names


def test_what_a_run_leaves_behind_stays_out_of_the_projects(tmp_path):
    project = tmp_path / "rag_service"
    for name in (
        "launch.py",
        "state/queue.db",
        "state/objects/ab/abc",
        "__pycache__/launch.cpython-311.pyc",
        "page.html",
    ):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("", "utf-8")
    (tmp_path / "threads").mkdir()
    (tmp_path / "threads" / "a.py").write_text("", "utf-8")
    found = [
        p.relative_to(tmp_path).as_posix() for p in catalogue.project_files(tmp_path)
    ]
    assert found == ["rag_service/launch.py", "rag_service/page.html"]
    assert [ex.path for ex in catalogue.examples(tmp_path)] == [
        tmp_path / "threads/a.py"
    ]


def test_each_language_gets_its_own_copy_of_a_file(tmp_path):
    """zh: Chinese comments where a translation is beside the file (always
    for an example), else the bytes; en: the bytes. Translations themselves
    are not published."""
    project = tmp_path / "rag_service"
    project.mkdir()
    (project / "a.py").write_text("x = 1  # one\n", "utf-8")
    (project / "a.zh.toml").write_text('[[text]]\nen = "one"\nzh = "一"\n', "utf-8")
    (project / "b.py").write_text("y = 2  # two\n", "utf-8")
    assert catalogue.published(project / "a.py", "zh") == "x = 1  # 一\n".encode()
    assert catalogue.published(project / "a.py", "en") == b"x = 1  # one\n"
    assert catalogue.published(project / "b.py", "zh") == b"y = 2  # two\n"
    found = [p.name for p in catalogue.project_files(tmp_path)]
    assert found == ["a.py", "b.py"]
    assert catalogue.download_path("threads/x.py", "zh") == "examples/zh/threads/x.py"
    assert catalogue.download_path("threads/x.py", "en") == "examples/threads/x.py"


def test_the_zh_zip_holds_the_zh_versions_and_the_en_zip_the_files(tmp_path):
    example = catalogue.example("threads/race_and_lock.py")
    inside = f"{catalogue.ZIP_ROOT}/{example.relative}"
    for lang in catalogue.LANGS:
        catalogue.write_zip(tmp_path / f"{lang}.zip", lang)
        with zipfile.ZipFile(tmp_path / f"{lang}.zip") as archive:
            assert archive.read(inside).decode() == example.source_in(lang)
            assert not [n for n in archive.namelist() if n.endswith(".toml")]
