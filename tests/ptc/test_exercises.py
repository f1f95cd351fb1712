"""ptc.exercises: the format, its errors (file and line), the harness, and
what the directives render. Fast: no build, no browser; the checks run under
CPython in tests/test_exercises.py."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from ptc import directives, exercises, pages, translations

GOOD_TOML = """\
kind = "fix"
runs = "browser"
minutes = 5

[zh]
title = "标题"
task = "任务"
explanation = "讲解"

[zh.hints]
adds = "提示"

[en]
title = "Title"
task = "Task"
explanation = "Why"

[en.hints]
adds = "Hint"
"""
CHECKS = """\
async def check_adds(exercise):
    assert exercise.add(1, 2) == 3, "add(1, 2) is not 3"
"""


def make(root: Path, toml: str = GOOD_TOML, page="coroutines", n="1", **files):
    folder = root / page / n
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text(toml, encoding="utf-8")
    defaults = {
        "starter.py": "def add(a, b):\n    return a - b\n",
        "solution.py": "def add(a, b):\n    return a + b\n",
        "checks.py": CHECKS,
    }
    for name, text in {**defaults, **files}.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_exercise_loads_with_its_anchor_and_checks(tmp_path):
    exercise = exercises.load(make(tmp_path))
    assert exercise.anchor == "exercise-coroutines-1"
    assert exercise.check_ids == ("adds",)
    assert exercise.texts["en"].hints == {"adds": "Hint"}


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('kind = "fix"', 'kind = "guess"'), 1, "`kind` must be one of"),
        (("minutes = 5", "minutes = 0"), 3, "`minutes`"),
        (('title = "Title"', 'title = ""'), 14, "[en] needs `title`"),
        (('adds = "Hint"', 'adds = "Hint"\nother = "x"'), 20, "has other"),
        (('task = "Task"', 'task = "Task"\ncolour = "red"'), 16, "unknown key colour"),
        (('runs = "browser"', "runs = "), 2, "not valid TOML"),
        (('[en.hints]\nadds = "Hint"\n', ""), 13, "has [en.hints], one per"),
    ],
)
def test_a_bad_exercise_toml_names_the_file_and_line(tmp_path, change, line, words):
    folder = make(tmp_path, GOOD_TOML.replace(*change))
    with pytest.raises(exercises.ExerciseError) as refused:
        exercises.load(folder)
    message = str(refused.value)
    assert message.startswith(f"{folder / 'exercise.toml'}:{line}: "), message
    assert words in message


def test_a_missing_file_a_bad_check_name_and_a_hintless_check_are_refused(tmp_path):
    with pytest.raises(exercises.ExerciseError, match="needs checks.py"):
        exercises.load(make(tmp_path / "a", **{"checks.py": None}))
    sync = "def check_adds(exercise):\n    pass\n"
    with pytest.raises(exercises.ExerciseError, match=r"checks.py:1: .*async def"):
        exercises.load(make(tmp_path / "b", **{"checks.py": sync}))
    more = CHECKS + "\n\nasync def check_more(exercise):\n    pass\n"
    with pytest.raises(exercises.ExerciseError, match="no hint for check more"):
        exercises.load(make(tmp_path / "c", **{"checks.py": more}))


PREDICT = """\
kind = "predict"
runs = "local"
minutes = 3

[predict]
mode = "choose"
options = ["a", "b"]

[zh]
title = "标题"
task = "任务"
explanation = "讲解"

[en]
title = "Title"
task = "Task"
explanation = "Why"
"""


def test_a_choice_must_hold_the_real_output_exactly_once(tmp_path):
    good = make(
        tmp_path / "good",
        PREDICT,
        **{"program.py": "print('b')\n", "program.output.txt": "b\n"},
    )
    assert exercises.load(good).options == ("a", "b")
    bad = make(
        tmp_path / "bad",
        PREDICT,
        **{"program.py": "print('c')\n", "program.output.txt": "c\n"},
    )
    with pytest.raises(exercises.ExerciseError) as refused:
        exercises.load(bad)
    assert ":7: exactly one option must be the real output" in str(refused.value)


def test_an_order_puzzle_is_shuffled_the_same_way_every_time_never_solved():
    for exercise in exercises.exercises():
        if exercise.mode == "order":
            assert exercise.shuffled_lines != exercise.answer_lines
            assert sorted(exercise.shuffled_lines) == sorted(exercise.answer_lines)
            assert (
                exercise.shuffled_lines
                == exercises.load(exercise.folder).shuffled_lines
            )


def test_every_exercise_loads_and_every_topic_page_has_one():
    found = exercises.exercises()
    assert {e.page for e in found} == set(exercises.PAGES)
    for page in exercises.PAGES:
        numbers = [e.n for e in exercises.on_page(page)]
        assert numbers == sorted(set(numbers)), page


def test_the_harness_reports_each_check_and_a_code_that_cannot_load(tmp_path):
    import subprocess
    import sys

    exercise = exercises.load(make(tmp_path))

    def run(code):
        out = subprocess.run(
            [sys.executable, "-c", exercise.harness(code)],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        return exercises.results(out)

    assert run(exercise.source("solution.py"))["adds"]["ok"] is True
    failed = run(exercise.source("starter.py"))["adds"]
    assert failed == {"id": "adds", "ok": False, "detail": "add(1, 2) is not 3"}
    broken = run("def add(a, b)\n")
    assert list(broken) == ["loads"] and "SyntaxError" in broken["loads"]["detail"]
    # The reader's code is data, whatever it holds: quotes, $&, a marker.
    tricky = "def add(a, b):\n    return a + b  # \"$&\" \\n '''\n"
    assert run(tricky)["adds"]["ok"] is True


def test_the_directives_are_parsed_and_a_bad_exercise_stops_the_page(
    tmp_path, monkeypatch
):
    text = (
        "[[exercises coroutines]]\n\n[[exercise-table]]\n\n[[exercise-sheet tasks]]\n"
    )
    found = [(d.name, d.argument) for d in directives.parse(text)]
    assert found == [
        ("exercises", "coroutines"),
        ("exercise-table", ""),
        ("exercise-sheet", "tasks"),
    ]
    with pytest.raises(directives.DirectiveError, match="unknown directive"):
        directives.parse("[[exercise-sheet answers]]\n")
    broken = tmp_path / "exercises"
    shutil.copytree(exercises.EXERCISES / "coroutines", broken / "coroutines")
    toml = broken / "coroutines" / "2" / "exercise.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("minutes = 10", "minutes = -1")
    )
    monkeypatch.setattr(exercises, "EXERCISES", broken)
    monkeypatch.setattr(exercises.on_page, "__defaults__", (broken,))
    monkeypatch.setattr(exercises.exercises, "__defaults__", (broken,))
    with pytest.raises(directives.DirectiveError) as refused:
        pages.render(
            "# C\n\n## Exercises {#exercises}\n\n[[exercises coroutines]]\n",
            lang="en",
            page_src="coroutines.en.md",
            to_root="../",
        )
    message = str(refused.value)
    assert message.startswith("docs/coroutines.en.md:5: [[exercises coroutines]]: ")
    assert f"{toml}:3: `minutes`" in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_exercise_renders_its_anchor_kind_task_code_and_hidden_solution(lang):
    markdown = exercises.render_page("coroutines", lang, "../")
    for exercise in exercises.on_page("coroutines"):
        assert f"{{#{exercise.anchor}}}" in markdown
        assert exercise.texts[lang].task in markdown
        assert exercise.texts[lang].explanation in markdown
    solution = '<section class="ptc-solution" hidden data-search-exclude="" markdown>'
    assert markdown.count(solution) == len(exercises.on_page("coroutines"))
    # The code the reader edits is runnable on the page: a Run mark.
    assert markdown.count('.ptc-run-code data-run-file="starter.py"') == 4
    assert markdown.startswith('!!! info "')  # the site's addition, said so


def test_the_sheets_hold_solutions_only_for_the_teacher():
    tasks = exercises.render_sheet("tasks", "en", "")
    solutions = exercises.render_sheet("solutions", "en", "")
    solution = exercises.load(exercises.EXERCISES / "coroutines" / "4").source(
        "solution.py"
    )
    assert textwrap.dedent(solution).strip().split("\n")[14] in solutions
    assert "Semaphore(limit)" not in tasks and "Semaphore(limit)" in solutions
    for exercise in exercises.exercises():
        assert f"{{#sheet-{exercise.page}-{exercise.n}}}" in tasks
        assert f"{{#solutions-{exercise.page}-{exercise.n}}}" in solutions


def test_a_file_a_reader_sees_with_a_translation_is_shown_in_chinese():
    translated = 0
    for exercise in exercises.exercises():
        for name in exercise.shown_files:
            path = exercise.folder / name
            if not translations.translation_path(path).exists():
                continue  # optional: the page shows the file as written
            translated += 1
            assert translations.check_file(path) == [], path
            zh = exercise.source_in(name, "zh")
            assert zh != exercise.source(name), f"{path}: nothing in Chinese"
    assert translated >= 15


def checker_lines(output: str, patterns: dict) -> list[tuple[str, dict]]:
    """Each line of a checker's output that a pattern finds: (its key, the
    captured placeholders), as web/exercises.js reads a paste."""
    found = []
    for line in output.splitlines():
        for key, choices in patterns.items():
            for pattern in choices:
                match = re.fullmatch(pattern["re"], line)
                if match:
                    groups = zip(pattern["groups"], match.groups(), strict=True)
                    found.append((key, dict(groups)))
    return found


def test_a_local_exercise_carries_its_hints_and_its_page_the_checker_patterns():
    markdown = exercises.render_page("threads", "en", "../")
    patterns = exercises.checker_patterns()
    assert f'data-checker="{exercises._attr(patterns)}"' in markdown
    assert markdown.count("data-checker=") == 1  # once for the page
    exercise = exercises.load(exercises.EXERCISES / "threads" / "1")
    hints = exercises.local_hints(exercise, "en")
    # checklib's own checks first, with its own hints, as it prints them.
    messages = exercises.checklib_messages()["en"]
    assert list(hints)[:2] == ["ends", "no-leftovers"]
    assert hints["ends"] == messages["ends"]
    assert list(hints)[2:] == list(exercise.texts["en"].hints)
    shown = {i: exercises.inline_html(h) for i, h in hints.items()}
    assert f'data-hints="{exercises._attr(shown)}"' in markdown
    # A page with no local exercise to check carries none.
    assert "data-checker=" not in exercises.render_page("coroutines", "en", "../")


@pytest.fixture(scope="module")
def lab_runs(tmp_path_factory):
    """threads/1's lab checker, run on its starter and on its solution, as
    the zh and en lab folders ship it: (lang, file) to (exit code, output)."""
    import subprocess
    import sys

    from ptc import lab

    root = tmp_path_factory.mktemp("lab")
    runs = {}
    for lang in exercises.LANGS:
        folder = lab.write_lab(root / lang, lang) / "threads" / "1"
        shutil.copy(exercises.EXERCISES / "threads" / "1" / "solution.py", folder)
        for name in ("starter.py", "solution.py"):
            done = subprocess.run(
                [sys.executable, "check.py", name],
                cwd=folder,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=120,
            )
            runs[lang, name] = (done.returncode, done.stdout)
    return runs


@pytest.mark.parametrize("lang", exercises.LANGS)
@pytest.mark.parametrize("name", ["starter.py", "solution.py"])
def test_the_checker_patterns_find_what_a_lab_checker_really_prints(
    lab_runs, lang, name
):
    code, output = lab_runs[lang, name]
    patterns = exercises.checker_patterns()
    found = checker_lines(output, patterns)
    exercise = exercises.load(exercises.EXERCISES / "threads" / "1")
    ids = list(exercises.local_hints(exercise, lang))
    # One header, naming the exercise; no line is read two ways.
    headers = [g for key, g in found if key == "checking"]
    assert headers == [{"exercise": "threads/1"}], output
    lines = [line for line in output.splitlines() if line.strip()]
    matched = [line for line in lines if checker_lines(line, patterns)]
    assert len(matched) == len(found), "a line matched by two patterns"
    verdicts = {
        g["check"]: key for key, g in found if key in ("passed", "failed", "unchecked")
    }
    assert list(verdicts) == ids, output
    summaries = [g for key, g in found if key in ("summary", "summary_ok")]
    assert len(summaries) == 1, output
    passed = sum(v == "passed" for v in verdicts.values())
    assert int(summaries[0].get("passed", summaries[0]["total"])) == passed
    assert int(summaries[0]["total"]) == len(ids)
    if name == "solution.py":
        assert code == 0 and set(verdicts.values()) == {"passed"}
    else:
        assert code == 1 and verdicts["no-lost-updates"] == "failed", output
    # The other language's patterns read nothing of it: each finds its own.
    readers = [
        p for ps in patterns.values() for p in ps if re.fullmatch(p["re"], lines[0])
    ]
    assert len(readers) == 1, readers


def test_checklib_constants_are_read_from_its_source():
    constants = exercises.checklib_constants()
    assert (constants["ENDS"], constants["NO_LEFTOVERS"]) == ("ends", "no-leftovers")
    assert set(exercises.checklib_messages()) == set(exercises.LANGS)


@pytest.mark.parametrize(
    ("template", "line", "groups"),
    [
        # A terminal drops the spaces at a line's end, a paste its indent.
        ("  FAIL  {check}: {hint}", "  FAIL  ends:", {"check": "ends"}),
        ("  FAIL  {check}: {hint}", "FAIL ends: a (b) [c] $x \\", {"check": "ends"}),
        ("{total} of {passed}", "4   of 2 ", {"total": "4", "passed": "2"}),
        ("  PASS  {check}", "  PASS  ends: no", None),
        ("a.b {title}", "aXb t", None),  # a dot in the wording is a dot
        ("exercise {exercise}", "exercise threads", None),
    ],
)
def test_a_checker_pattern_reads_a_line_as_a_terminal_copies_it(template, line, groups):
    pattern = exercises.checker_pattern(template)
    match = re.fullmatch(pattern["re"], line)
    if groups is None:
        assert match is None, pattern
    else:
        assert match, pattern
        assert dict(zip(pattern["groups"], match.groups(), strict=True)) == groups


def test_a_line_break_between_chinese_characters_is_joined_outside_code():
    text = (
        "一个\n进程，\n`x` 和\nabc\n\n新段落\n继续\n```\n# 注释\n中文\n```\n末尾\n句子"
    )
    assert exercises.join_cjk_lines(text) == (
        "一个进程，\n`x` 和\nabc\n\n新段落继续\n```\n# 注释\n中文\n```\n末尾句子"
    )


def test_no_chinese_text_of_an_exercise_shows_a_stray_space_from_a_line_break():
    break_between = re.compile(
        r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]\n[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]"
    )
    for exercise in exercises.exercises():
        text = exercise.texts["zh"]
        for name, value in [
            ("title", text.title),
            ("task", text.task),
            ("explanation", text.explanation),
            *text.hints.items(),
        ]:
            assert not break_between.search(value), (exercise.key, name)
        page = exercises.render_exercise(exercise, "zh", "../")
        assert not break_between.search(page.split("```")[0]), exercise.key
