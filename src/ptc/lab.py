"""The lab folder: the local exercises' starters and checkers, for download.

A local exercise is `exercises/<page>/<n>/` whose exercise.toml says
`runs = "local"` (the format is ptc.exercises'; this module reads only what
the lab needs). Its reader downloads `starter.py`, edits it, and runs
`python check.py starter.py`. The lab folder holds, for each one:

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

Each language gets its own folder (`lab_files(lang)`): in the zip of that
language (ptc.catalogue.write_zip) and in the site, file by file, where
`download_path()` says. Python files get Chinese comments for zh where a
`<name>.zh.toml` is beside them (ptc.translations, as for examples). No
solution is in the lab folder: the page reveals it, and the teacher's page
lists them all.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ptc import ROOT, catalogue, labels

EXERCISES = ROOT / "exercises"
CHECKLIB = EXERCISES / "checklib.py"
README_TEMPLATE = EXERCISES / "lab-readme.{lang}.md"
# The pages whose exercises run on the reader's computer.
PAGES = ("processes", "process-pools", "threads", "thread-pools")
FOLDER = "lab"
# What goes into an exercise's lab folder, from its exercise folder.
SHIPPED = ("starter.py", "check.py")


class LabError(ValueError):
    """An exercise the lab cannot ship; the message names its file."""


@dataclass(frozen=True)
class LocalExercise:
    page: str
    number: int
    root: Path = EXERCISES

    @property
    def path(self) -> Path:
        return self.root / self.page / str(self.number)

    @property
    def shown_path(self) -> str:
        """Its exercise.toml as an error names it."""
        where = self.path / "exercise.toml"
        return str(where.relative_to(ROOT) if where.is_relative_to(ROOT) else where)

    @property
    def name(self) -> str:
        """`threads/1`, as the checker names it."""
        return f"{self.page}/{self.number}"

    @cached_property
    def config(self) -> dict:
        source = self.path / "exercise.toml"
        try:
            with source.open("rb") as file:
                return tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise LabError(f"{self.shown_path}: {error}") from None

    def text(self, lang: str) -> dict:
        """The [lang] table, with what the lab needs from it."""
        table = self.config.get(lang)
        if not isinstance(table, dict):
            raise LabError(f"{self.shown_path}: no [{lang}] table")
        for key in ("title", "task", "hints"):
            if key not in table:
                raise LabError(f"{self.shown_path}: [{lang}] has no {key}")
        return table

    def messages(self, lang: str) -> dict:
        """What checklib reads from messages.json in the lab folder."""
        text = self.text(lang)
        return {
            "language": lang,
            "exercise": self.name,
            "title": text["title"],
            "hints": dict(text["hints"]),
        }

    @property
    def minutes(self) -> int:
        if not isinstance(self.config.get("minutes"), int):
            raise LabError(f"{self.shown_path}: minutes must be a whole number")
        return self.config["minutes"]

    def readme(self, lang: str) -> str:
        text = self.text(lang)
        return (
            f"# {self.name}: {text['title']}\n\n"
            f"{text['task'].strip()}\n\n"
            f"{labels.label(lang, 'lab.check')}\n\n"
            f"{labels.label(lang, 'lab.minutes', minutes=self.minutes)}\n"
        )


def local_exercises(root: Path | None = None) -> list[LocalExercise]:
    """Every exercise with runs = "local" that has code to check (a fix or
    a write; a predict one is answered on its page), by page and number."""
    root = root or EXERCISES
    found = []
    for page in PAGES:
        for folder in (root / page).glob("*/exercise.toml"):
            number = folder.parent.name
            if not number.isdigit():
                continue
            exercise = LocalExercise(page, int(number), root)
            config = exercise.config
            if config.get("runs") == "local" and config.get("kind") != "predict":
                found.append(exercise)
    return sorted(found, key=lambda ex: (PAGES.index(ex.page), ex.number))


def lab_path(page: str, number: int, name: str) -> str:
    """A lab file's path inside the zip's root and the site's examples/:
    `lab/threads/1/starter.py`."""
    return f"{FOLDER}/{page}/{number}/{name}"


def download_path(page: str, number: int, name: str, lang: str) -> str:
    """Where the site serves a lab file for a page in `lang`, from the site's
    root: `examples/lab/threads/1/starter.py` (en),
    `examples/zh/lab/threads/1/starter.py` (zh)."""
    return catalogue.download_path(lab_path(page, number, name), lang)


def lab_files(lang: str, root: Path | None = None) -> dict[str, bytes]:
    """The lab folder as readers in `lang` get it: path inside the zip's
    root (`lab/…`) to bytes."""
    files = {}
    listing = []
    for exercise in local_exercises(root):
        for name in SHIPPED:
            source = exercise.path / name
            if not source.is_file():
                raise LabError(f"{exercise.shown_path}: no {name} beside it")
            shipped = lab_path(exercise.page, exercise.number, name)
            files[shipped] = catalogue.published(source, lang)
        where = lab_path(exercise.page, exercise.number, "")
        files[where + "checklib.py"] = catalogue.published(CHECKLIB, lang)
        messages = json.dumps(exercise.messages(lang), ensure_ascii=False, indent=2)
        files[where + "messages.json"] = (messages + "\n").encode("utf-8")
        files[where + "README.md"] = exercise.readme(lang).encode("utf-8")
        title = exercise.text(lang)["title"]
        listing.append(f"- `{where}`: {title}")
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
