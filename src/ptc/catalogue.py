"""The example scripts: where they are, their anchors, outputs and topics.

`examples/<topic>/<name>.py`, for a topic in TOPICS, is a complete script;
`<name>.output.txt` beside it is the one source of its expected output. A page
includes one with `[[example <topic>/<name>.py]]`, which gets the anchor
`ex-<topic>-<name>` (underscores become hyphens) in every language.

`examples/<project>/`, for a project in PROJECTS, is a program of several
files that runs until stopped (the RAG service): not an example script. Its
files go into the zip and the site as they are, without what a run leaves
behind (SKIPPED); a page shows its functions with `[[code …]]`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ptc import EXAMPLES, snippets

TOPICS = ("processes", "process_pools", "threads", "thread_pools", "coroutines")
PROJECTS = ("rag_service",)
# What a run of a project leaves in its folder: state (queue, object store)
# and bytecode caches.
SKIPPED = ("state", "__pycache__")
ZIP_NAME = "ptc-examples.zip"
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

    @cached_property
    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

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


def write_zip(destination: Path) -> None:
    """All examples with their outputs, the projects and the README, byte for
    byte, in one zip."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    members = [README] if README.exists() else []
    for ex in examples():
        members += [ex.path, ex.output_path]
    members += project_files()
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            if not member.exists():
                continue
            name = f"{ZIP_ROOT}/{member.relative_to(EXAMPLES).as_posix()}"
            # A fixed timestamp keeps the zip identical from build to build.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.read_bytes())
