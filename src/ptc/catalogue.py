"""The example scripts: where they are, their anchors, outputs and topics.

`examples/<topic>/<name>.py`, for a topic in TOPICS, is a complete script;
`<name>.output.txt` beside it is the one source of its expected output. A page
includes one with `[[example <topic>/<name>.py]]`, which gets the anchor
`ex-<topic>-<name>` (underscores become hyphens) in every language.

`examples/<project>/`, for a project in PROJECTS, is a program of several
files that runs until stopped (the RAG service): not an example script. Its
files go into the zip and the site as they are, without what a run leaves
behind (SKIPPED); a page shows its functions with `[[code …]]`.

Each file is published in two languages (LANGS): in English as it is, at
`examples/<topic>/<name>.py` in the site and in ZIP_NAMES["en"]; with Chinese
comments and docstrings (ptc.translations, from `<name>.zh.toml` beside it)
at `examples/zh/<topic>/<name>.py` and in ZIP_NAMES["zh"]. Every example has
a translation; a project's file has one when the file is there.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ptc import EXAMPLES, snippets, translations

TOPICS = (
    "processes",
    "process_pools",
    "threads",
    "thread_pools",
    "coroutines",
    "comparison",  # one workload three ways, for the comparison page
)
PROJECTS = ("rag_service",)
# What a run of a project leaves in its folder: state (queue, object store)
# and bytecode caches.
SKIPPED = ("state", "__pycache__")
LANGS = ("zh", "en")
# The English zip keeps the name it had before the examples spoke Chinese.
ZIP_NAMES = {"en": "ptc-examples.zip", "zh": "ptc-examples-zh.zip"}
ZIP_NAME = ZIP_NAMES["en"]
ZIP_ROOT = "ptc-examples"
README = EXAMPLES / "README.md"
# An example that reads a clock prints something that depends on speed (a
# "yes" for "at least 3x faster"): its runs must have the CPU to themselves.
CLOCK = re.compile(r"\b(?:time\.(?:perf_counter|monotonic|time)|loop\.time)\(")


@dataclass(frozen=True)
class Example:
    path: Path

    @property
    def relative(self) -> str:
        """`threads/race_and_lock.py`, as pages name it."""
        return self.path.relative_to(EXAMPLES).as_posix()

    @property
    def topic(self) -> str:
        return self.path.parent.name

    @property
    def anchor(self) -> str:
        return anchor_for(self.relative)

    @property
    def output_path(self) -> Path:
        return self.path.with_name(self.path.stem + ".output.txt")

    @property
    def trace_path(self) -> Path:
        """Its recorded run (ptc.recordings), for the examples that have one."""
        return self.path.with_name(self.path.stem + ".trace.json")

    @cached_property
    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def translation_path(self) -> Path:
        return translations.translation_path(self.path)

    def source_in(self, lang: str) -> str:
        """The code as a page in `lang` shows it and its download gives it:
        Chinese comments and docstrings for zh (TranslationError if the
        translation is missing, stale or malformed), the file itself for en."""
        if lang == "zh":
            return translations.translate_file(self.path)
        return self.source

    def expected_output(self) -> str:
        return self.output_path.read_text(encoding="utf-8")

    @property
    def start_methods(self) -> tuple[str | None, ...]:
        return snippets.start_methods_for(self.source)

    @property
    def times_itself(self) -> bool:
        return bool(CLOCK.search(self.source))


class UnknownExample(LookupError):
    pass


def anchor_for(relative: str) -> str:
    """`threads/race_and_lock.py` -> `ex-threads-race-and-lock`."""
    stem = relative.removesuffix(".py").replace("/", "-").replace("_", "-")
    return f"ex-{stem}"


def examples(root: Path = EXAMPLES) -> list[Example]:
    """Every example of every topic, in a stable order; `_helper.py` files
    and the projects' files are not examples."""
    return [
        Example(path)
        for path in sorted(p for topic in TOPICS for p in root.glob(f"{topic}/*.py"))
        if not path.name.startswith("_")
    ]


def project_files(root: Path = EXAMPLES) -> list[Path]:
    """Every file of every project, in a stable order, without run leftovers."""
    return sorted(
        path
        for project in PROJECTS
        for path in (root / project).rglob("*")
        if path.is_file()
        and not set(path.relative_to(root / project).parts) & set(SKIPPED)
        and path.suffix != ".pyc"
        and not path.name.endswith(translations.SUFFIX)
    )


def project_file(relative: str, root: Path = EXAMPLES) -> Path:
    """A project's file that a page names, e.g. `rag_service/orchestrator.py`."""
    path = root / relative
    if path not in project_files(root):
        raise UnknownExample(f"no project file examples/{relative}")
    return path


def example(relative: str) -> Example:
    """The example a page names, or UnknownExample saying what is missing."""
    found = Example(EXAMPLES / relative)
    if not found.path.is_file():
        raise UnknownExample(f"no example file examples/{relative}")
    if not found.output_path.is_file():
        raise UnknownExample(
            f"examples/{relative} has no expected output "
            f"examples/{found.output_path.relative_to(EXAMPLES)} "
            "(run ./dev update-examples)"
        )
    return found


def download_path(relative: str, lang: str) -> str:
    """Where the site serves a file for a page in `lang`, from the site's
    root: `examples/threads/x.py` (en), `examples/zh/threads/x.py` (zh)."""
    return f"examples/{'zh/' if lang == 'zh' else ''}{relative}"


def embed_path(relative: str, lang: str) -> str:
    """An example's embed page (ptc.embeds), from the site's root:
    `embed/coroutines/gather/` (zh), `en/embed/coroutines/gather/` (en)."""
    topic, name = relative.removesuffix(".py").split("/")
    return f"{'' if lang == 'zh' else lang + '/'}embed/{topic}/{name}/"


def published(path: Path, lang: str) -> bytes:
    """A file of examples/ as readers in `lang` get it: an example or a
    project's Python file with a translation beside it in Chinese for zh;
    everything else byte for byte."""
    if lang == "zh" and path.suffix == ".py":
        if path.parent.name in TOPICS or translations.translation_path(path).exists():
            return translations.translate_file(path).encode("utf-8")
    return path.read_bytes()


def published_files(root: Path = EXAMPLES) -> list[Path]:
    """What the site serves one by one: every example and project file, and
    the recorded runs beside the examples (`<name>.trace.json`)."""
    found = [ex.path for ex in examples(root)]
    found += [ex.trace_path for ex in examples(root) if ex.trace_path.exists()]
    return found + project_files(root)


def write_zip(destination: Path, lang: str = "en") -> None:
    """All examples with their outputs and recorded runs, the projects, the
    README and the lab folder (ptc.lab) in one zip, as readers in `lang` get
    them (published())."""
    from ptc import lab  # imported here: ptc.lab uses this module

    destination.parent.mkdir(parents=True, exist_ok=True)
    members = [README] if README.exists() else []
    for ex in examples():
        members += [ex.path, ex.output_path, ex.trace_path]  # a trace if any
    members += project_files()
    contents = {
        member.relative_to(EXAMPLES).as_posix(): published(member, lang)
        for member in members
        if member.exists()
    }
    contents.update(lab.lab_files(lang))
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in contents.items():
            # A fixed timestamp keeps the zip identical from build to build.
            info = zipfile.ZipInfo(
                f"{ZIP_ROOT}/{relative}", date_time=(2026, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
