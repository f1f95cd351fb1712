"""Include example scripts in pages, and publish them as downloads.

A line of its own, `[[example threads/race_and_lock.py]]`, becomes the code
of examples/threads/race_and_lock.py, a Download link, and the output from
examples/threads/race_and_lock.output.txt, under the anchor
`ex-threads-race-and-lock` (the same in every language). `[[examples-zip]]`
becomes a link to the zip of all examples. The build copies every example
into the site byte for byte and writes that zip.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from fences import inside_fences  # hooks/fences.py
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ZIP_NAME = "ptc-examples.zip"
ZIP_ROOT = "ptc-examples"

DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\[\[(?P<body>[^\]]*)\]\]\s*$")
EXAMPLE = re.compile(r"^example (?P<path>[a-z_]+/[a-z0-9_]+\.py)$")

LABELS = {
    "zh": {
        "download": "下载",
        "output": "输出",
        "zip": "下载全部示例（zip）",
        "permalink": "本示例的永久链接",
    },
    "en": {
        "download": "Download",
        "output": "Output",
        "zip": "Download all examples (zip)",
        "permalink": "Permanent link to this example",
    },
}


def example_files() -> list[Path]:
    return sorted(
        p
        for p in EXAMPLES.glob("*/*.py")
        if not p.name.startswith("_") and p.parent.name != "__pycache__"
    )


def anchor_for(relative: str) -> str:
    """`threads/race_and_lock.py` -> `ex-threads-race-and-lock`."""
    stem = relative.removesuffix(".py").replace("/", "-").replace("_", "-")
    return f"ex-{stem}"


def output_path(script: Path) -> Path:
    return script.with_name(script.stem + ".output.txt")


def _fence(text: str, lang: str) -> list[str]:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return [f"{ticks}{lang}", *text.rstrip("\n").split("\n"), ticks]


def _render_example(relative: str, where: str, locale: str, to_root: str) -> list[str]:
    script = EXAMPLES / relative
    if not script.is_file():
        raise PluginError(f"{where}: no example file examples/{relative}")
    expected = output_path(script)
    if not expected.is_file():
        raise PluginError(
            f"{where}: examples/{relative} has no expected output "
            f"{expected.relative_to(ROOT)} (run ./dev update-examples)"
        )
    labels = LABELS.get(locale, LABELS["en"])
    anchor = anchor_for(relative)
    href = f"{to_root}examples/{relative}"
    output = expected.read_text(encoding="utf-8")
    return [
        f'<div class="ptc-example" id="{anchor}" data-example="{relative}"'
        f' data-download="{href}" markdown>',
        "",
        f'<p class="ptc-example-head"><a class="ptc-example-link" href="#{anchor}"'
        f' title="{labels["permalink"]}">{relative}</a>'
        f' <a class="ptc-download md-button" href="{href}"'
        f' download="{script.name}">{labels["download"]}</a></p>',
        "",
        *_fence(script.read_text(encoding="utf-8"), "python"),
        "",
        '<div class="ptc-output" markdown>',
        "",
        f'<p class="ptc-output-label">{labels["output"]}</p>',
        "",
        *_fence(output, "text"),
        "",
        "</div>",
        "",
        "</div>",
    ]


def _render_zip_link(locale: str, to_root: str) -> list[str]:
    labels = LABELS.get(locale, LABELS["en"])
    return [
        f'<p class="ptc-zip"><a class="md-button md-button--primary"'
        f' href="{to_root}examples/{ZIP_NAME}" download>{labels["zip"]}</a></p>'
    ]


def on_page_markdown(markdown: str, page, config, files) -> str:
    locale = getattr(page.file, "locale", None) or config["theme"]["language"]
    # Directory URLs: "threads/" and "en/threads/" sit one and two levels deep.
    to_root = "../" * page.url.count("/")
    out: list[str] = []
    lines = markdown.split("\n")
    fenced_lines = zip(lines, inside_fences(lines), strict=True)
    for lineno, (line, fenced) in enumerate(fenced_lines, start=1):
        match = None if fenced else DIRECTIVE.match(line)
        if not match or match["body"].startswith("m:"):
            out.append(line)
            continue
        where = f"docs/{page.file.src_uri}:{lineno}"
        body = match["body"].strip()
        if body == "examples-zip":
            rendered = _render_zip_link(locale, to_root)
        elif example := EXAMPLE.match(body):
            rendered = _render_example(example["path"], where, locale, to_root)
        else:
            raise PluginError(
                f"{where}: unknown directive [[{body}]]; expected "
                "[[example <topic>/<name>.py]] or [[examples-zip]]"
            )
        out.extend(match["indent"] + r if r else "" for r in rendered)
    return "\n".join(out)


def _write_zip(destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    members = [EXAMPLES / "README.md"] if (EXAMPLES / "README.md").exists() else []
    for script in example_files():
        members += [script, output_path(script)]
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


def on_post_build(config) -> None:
    site_examples = Path(config["site_dir"]) / "examples"
    for script in example_files():
        target = site_examples / script.relative_to(EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(script.read_bytes())
    _write_zip(site_examples / ZIP_NAME)
