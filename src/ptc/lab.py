"""The lab folder: the local exercises' starters and checkers, for download.

A local exercise is `exercises/<page>/<n>/` whose exercise.toml says
`runs = "local"` (ptc.exercises reads and checks the format). Its reader
downloads `starter.py`, edits it, and runs `python check.py starter.py`.
The lab folder holds, for each one:

    lab/<page>/<n>/starter.py     the code to fix or finish
    lab/<page>/<n>/check.py       its checks (stdlib only)
    lab/<page>/<n>/checklib.py    the helper every check.py uses
                                  (exercises/checklib.py, one copy per folder
                                  so that each runs on its own)
    lab/<page>/<n>/messages.json  the exercise's title and hints in the
                                  folder's language, for checklib (Python
                                  3.10 has no tomllib)
    lab/<page>/<n>/README.md      the task, in that language
    lab/README.md                 how to run a checker, and the exercises

and for a predict exercise whose program is recorded (ptc.exercises'
`recorded`), to run after predicting:

    lab/<page>/<n>/program.py          the program
    lab/<page>/<n>/program.trace.json  one recorded run of it (ptc.recordings)
    lab/<page>/<n>/README.md           the task

Each language gets its own folder (`lab_files(lang)`): in the zip of that
language (ptc.catalogue.write_zip) and in the site, file by file, where
`ptc.exercises.download_path()` says. Python files get Chinese comments for zh where a
`<name>.zh.toml` is beside them (ptc.translations, as for examples). No
solution is in the lab folder: the page reveals it, and the teacher's page
lists them all.
"""

from __future__ import annotations

import json
from pathlib import Path

from ptc import catalogue, labels, recordings
from ptc.exercises import CHECKLIB, EXERCISES, LAB, Exercise, exercises, lab_path

README_TEMPLATE = EXERCISES / "lab-readme.{lang}.md"
# The pages with fix or write exercises that run on the reader's computer
# (comparison's first three are predict ones; its fourth is checked here).
PAGES = ("processes", "process-pools", "threads", "thread-pools", "comparison")
FOLDER = LAB
# What goes into an exercise's lab folder, from its exercise folder.
SHIPPED = ("starter.py", "check.py")
# ... and into a recorded predict exercise's: its program and one real run.
SHIPPED_PREDICT = ("program.py", "program.trace.json")


def local_exercises(root: Path | None = None) -> list[Exercise]:
    """Every exercise with runs = "local" that has code to check (a fix or
    a write; a predict one is answered on its page), by page and number.
    A malformed one raises ptc.exercises.ExerciseError, naming its line."""
    return [
        exercise
        for exercise in exercises(root or EXERCISES)
        if exercise.runs == "local" and exercise.kind != "predict"
    ]


def predict_exercises(root: Path | None = None) -> list[Exercise]:
    """The predict exercises whose program has a recorded run: their folder
    gives the program, to run after predicting, and the trace."""
    return [exercise for exercise in exercises(root or EXERCISES) if exercise.recorded]


def messages(exercise: Exercise, lang: str) -> dict:
    """What checklib reads from messages.json in the lab folder."""
    text = exercise.texts[lang]
    return {
        "language": lang,
        "exercise": exercise.key,
        "title": text.title,
        "hints": dict(text.hints),
    }


def exercise_readme(exercise: Exercise, lang: str) -> str:
    text = exercise.texts[lang]
    how = "lab.predict" if exercise.kind == "predict" else "lab.check"
    return (
        f"# {exercise.key}: {text.title}\n\n"
        f"{text.task}\n\n"
        f"{labels.label(lang, how)}\n\n"
        f"{labels.label(lang, 'lab.minutes', minutes=exercise.minutes)}\n"
    )


def lab_files(lang: str, root: Path | None = None) -> dict[str, bytes]:
    """The lab folder as readers in `lang` get it: path inside the zip's
    root (`lab/…`) to bytes."""
    files = {}
    listing = []
    for exercise in local_exercises(root):
        for name in SHIPPED:
            shipped = lab_path(exercise.page, exercise.n, name)
            files[shipped] = catalogue.published(exercise.folder / name, lang)
        where = lab_path(exercise.page, exercise.n, "")
        files[where + "checklib.py"] = catalogue.published(CHECKLIB, lang)
        listed = json.dumps(messages(exercise, lang), ensure_ascii=False, indent=2)
        files[where + "messages.json"] = (listed + "\n").encode("utf-8")
        files[where + "README.md"] = exercise_readme(exercise, lang).encode("utf-8")
        listing.append(f"- `{where}`: {exercise.texts[lang].title}")
    for exercise in predict_exercises(root):
        recordings.load(exercise.program)  # names a missing or bad trace
        for name in SHIPPED_PREDICT:
            shipped = lab_path(exercise.page, exercise.n, name)
            files[shipped] = catalogue.published(exercise.folder / name, lang)
        where = lab_path(exercise.page, exercise.n, "")
        files[where + "README.md"] = exercise_readme(exercise, lang).encode("utf-8")
        kind = labels.label(lang, "exercise.kind.predict")
        listing.append(f"- `{where}`: {exercise.texts[lang].title} ({kind})")
    template = Path(str(README_TEMPLATE).format(lang=lang)).read_text("utf-8")
    readme = template.replace("{exercises}", "\n".join(listing))
    files[f"{FOLDER}/README.md"] = readme.encode("utf-8")
    return files


def write_lab(destination: Path, lang: str) -> Path:
    """Write the lab folder for `lang` under `destination`; returns
    `destination / "lab"`."""
    for relative, data in lab_files(lang).items():
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return destination / FOLDER
