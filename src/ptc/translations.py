"""Chinese comments and docstrings for the example files, from one source.

An example is written once, in English. Beside `examples/<topic>/<name>.py`,
`<name>.zh.toml` gives each of its comments and docstrings in Chinese, one
`[[text]]` entry each:

    [[text]]
    en = "read"
    zh = "读"

    [[text]]
    en = '''
    How many updates are lost changes from run to run, so stdout says only
    whether some were lost; the number goes to stderr.'''
    zh = '''
    每次运行丢失的更新数都不同，所以 stdout 只说有没有丢失，
    具体数字打印到 stderr。'''

`translate()` puts the Chinese in with Python's tokenizer, for the zh page,
the zh download and the zh zip; only COMMENT tokens and docstring STRING
tokens change, so the code and what it prints stay the same. What an entry's
`en` matches, line for line:
- a docstring (of the module, a class or a function): its text, without the
  indentation its second and later lines share;
- a block of comments, each alone on its line, on consecutive lines at the
  same column: each line's text after `# `;
- a comment after code, on one line.
`zh` may take more or fewer lines, except after code (one line); each line
of the result must fit LINE_LENGTH columns, a Chinese character counting as
two, as it shows in the page's code block.
A docstring's Chinese holds no backslash and not its closing quotes; inside
triple quotes it may hold the quote character (JSON), but not end in it.

Never translated, as they are rules: `# requires:` and `# not-run:` lines
(ptc.snippets), `# fmt:`, `# type:` and `# pragma:` comments, and the
`# noqa: CODE` marker of a comment (the explanation after it is translated).

A missing or stale entry, or a malformed file, is a TranslationError that
names the file and line. `python -m ptc.translations FILE.py…` appends an
entry to fill in for each text that has none, and lists stale entries.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import sys
import tokenize
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ptc import ROOT, snippets

SUFFIX = ".zh.toml"
LINE_LENGTH = snippets.LINE_LENGTH
HEADER = re.compile(r"^\[\[text\]\]\s*(?:#.*)?$")
# Comments that are rules for a tool: kept whole.
KEPT = re.compile(r"^#(?:!|\s*(?:fmt|type|pragma):)", re.I)
# `# noqa: B023 (turn is global)`: the marker stays, the rest is translated.
NOQA = re.compile(r"^#\s*noqa(?::\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?", re.I)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
DOCSTRING = re.compile(
    r"^(?P<prefix>[rRuU]?)(?P<q>\"\"\"|'''|\"|')(?P<body>.*)(?P=q)$", re.S
)


class TranslationError(ValueError):
    """A translation that is missing, stale or malformed; the message starts
    with the file and line."""


@dataclass(frozen=True)
class Text:
    """One comment block, comment or docstring of an example."""

    kind: str  # "docstring", "comments" (a block of lines) or "comment"
    en: str  # the English, lines joined with "\n"
    start: tuple[int, int]  # where the replaced source starts (row, col)
    end: tuple[int, int]  # and where it ends
    column: int  # the column the text's lines start at
    prefix: str = ""  # kept before the translation: "# noqa: B023 " or '"""'
    suffix: str = ""  # kept after it: the docstring's closing quotes
    first_line_break: bool = False  # a docstring that starts on a new line
    last_line_break: bool = False  # a docstring whose quotes close on a new line

    @property
    def line(self) -> int:
        return self.start[0]


@dataclass(frozen=True)
class Entry:
    en: str
    zh: str
    line: int  # of its [[text]] header in the translation file
    zh_line: int  # of its `zh =`


def translation_path(example: Path) -> Path:
    """`examples/threads/race_and_lock.py` -> `…/race_and_lock.zh.toml`."""
    return example.with_name(example.stem + SUFFIX)


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def width(text: str) -> int:
    """Columns `text` takes in a monospace block: CJK and full-width
    characters take two, combining marks none."""
    return sum(
        0
        if unicodedata.combining(c)
        else 2
        if unicodedata.east_asian_width(c) in "WF"
        else 1
        for c in text
    )


# --- what an example has to translate -----------------------------------------


def _docstring_starts(tree: ast.AST) -> set[tuple[int, int]]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add((first.value.lineno, first.value.col_offset))
    return found


def _comment_text(token: tokenize.TokenInfo) -> tuple[str, str] | None:
    """(kept prefix, English) of a comment, or None for a rule kept whole."""
    comment = token.string.rstrip()
    if KEPT.match(comment) or snippets._LOOKS_LIKE.match(comment):
        return None
    if marker := NOQA.match(comment):
        rest = comment[marker.end() :].strip()
        return (marker[0] + " ", rest) if rest else None
    return "# ", comment[2:] if comment.startswith("# ") else comment[1:]


def texts(source: str, where: str = "<source>") -> list[Text]:
    """Every comment block, comment and docstring of `source`, in order."""
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, tokenize.TokenError) as error:
        raise TranslationError(f"{where}: cannot be parsed: {error}") from None
    docstrings = _docstring_starts(tree)
    lines = source.splitlines()
    found: list[Text] = []
    for i, token in enumerate(tokens):
        if token.type == tokenize.STRING and token.start in docstrings:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.type == tokenize.STRING:
                raise TranslationError(
                    f"{where}:{token.start[0]}: a docstring made of several "
                    "strings cannot be translated; write it as one"
                )
            match = DOCSTRING.match(token.string)
            if not match:
                raise TranslationError(
                    f"{where}:{token.start[0]}: cannot read this docstring's quotes"
                )
            body = match["body"]
            found.append(
                Text(
                    "docstring",
                    inspect.cleandoc(ast.literal_eval(token.string)),
                    token.start,
                    token.end,
                    token.start[1],
                    match["prefix"] + match["q"],
                    match["q"],
                    body.startswith("\n"),
                    "\n" in body and not body.rsplit("\n", 1)[1].strip(),
                )
            )
        elif token.type == tokenize.COMMENT:
            text = _comment_text(token)
            if text is None:
                continue
            prefix, en = text
            alone = not lines[token.start[0] - 1][: token.start[1]].strip()
            previous = found[-1] if found else None
            if (
                alone
                and prefix == "# "
                and previous is not None
                and previous.kind == "comments"
                and previous.end[0] == token.start[0] - 1
                and previous.column == token.start[1]
            ):
                found[-1] = Text(
                    "comments",
                    previous.en + "\n" + en,
                    previous.start,
                    token.end,
                    previous.column,
                    prefix,
                )
            else:
                kind = "comments" if alone and prefix == "# " else "comment"
                found.append(
                    Text(kind, en, token.start, token.end, token.start[1], prefix)
                )
    return found


# --- the translation file -----------------------------------------------------


def load(path: Path) -> list[Entry]:
    """The entries of a translation file; TranslationError, with its line,
    for anything that is not a list of `[[text]]` tables with `en` and `zh`."""
    where = shown(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TranslationError(
            f"{where}: missing; python -m ptc.translations "
            f"{shown(path)[: -len(SUFFIX)]}.py starts it"
        ) from None
    return load_text(raw, where)


def toml_error_line(error: tomllib.TOMLDecodeError) -> int:
    """The line tomllib names in its error (1 when it names none)."""
    line = re.search(r"at line (\d+)", str(error))
    return int(line[1]) if line else 1


def load_text(raw: str, where: str) -> list[Entry]:
    """The entries of a translation file's text; `where` names it in errors."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise TranslationError(
            f"{where}:{toml_error_line(error)}: not valid TOML: {error}"
        ) from None
    raw_lines = raw.splitlines()
    headers = [n for n, text in enumerate(raw_lines, start=1) if HEADER.match(text)]
    unknown = set(data) - {"text"}
    entries = data.get("text", [])
    if unknown or not isinstance(entries, list) or len(entries) != len(headers):
        what = f"unknown keys {sorted(unknown)}; " if unknown else ""
        raise TranslationError(
            f"{where}:1: {what}write each entry as a `[[text]]` table, the "
            "header on a line of its own, with `en` and `zh`"
        )
    result = []
    for entry, line in zip(entries, headers, strict=True):
        keys = set(entry)
        if keys != {"en", "zh"} or not all(isinstance(v, str) for v in entry.values()):
            raise TranslationError(
                f"{where}:{line}: an entry has exactly `en` and `zh`, both "
                f"strings (found {', '.join(sorted(keys)) or 'nothing'})"
            )
        zh_line = next(
            (
                n
                for n in range(line, len(raw_lines) + 1)
                if re.match(r"\s*zh\s*=", raw_lines[n - 1])
            ),
            line,
        )
        result.append(
            Entry(entry["en"].rstrip("\n"), entry["zh"].rstrip("\n"), line, zh_line)
        )
    return result


def _toml_string(text: str) -> str:
    if "\n" not in text and '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'''" in text:
        raise TranslationError(f"cannot write ''' in a translation file: {text!r}")
    return f"'''\n{text}'''"


def entry_toml(en: str, zh: str = "") -> str:
    """An entry as a translation file writes it."""
    return f"\n[[text]]\nen = {_toml_string(en)}\nzh = {_toml_string(zh)}\n"


# --- putting the Chinese in ---------------------------------------------------


def _render(text: Text, zh: str, where: str, entry: Entry) -> str:
    lines = zh.split("\n")
    indent = " " * text.column
    if text.kind == "comment":
        if len(lines) > 1:
            raise TranslationError(
                f"{where}:{entry.zh_line}: a comment after code takes one line"
            )
        return text.prefix + zh
    if text.kind == "comments":
        return ("\n" + indent).join(f"# {line}".rstrip() for line in lines)
    q = text.suffix
    # Inside triple quotes a quote character may stand (JSON in a docstring),
    # but not the closing quotes, nor one right before them.
    ends_in_quote = zh.rstrip().endswith(q[0]) and not text.last_line_break
    if "\\" in zh or q in zh or ends_in_quote:
        raise TranslationError(
            f"{where}:{entry.zh_line}: a docstring's Chinese cannot hold {q} or "
            f"\\, nor end in {q[0]}"
        )
    if len(q) == 1 and len(lines) > 1:
        raise TranslationError(
            f"{where}:{entry.zh_line}: this docstring has single quotes: one line"
        )
    body = ("\n" + indent).join(lines)
    body = "\n".join(line.rstrip() for line in body.split("\n"))
    if text.first_line_break:
        body = "\n" + indent + body
    if text.last_line_break:
        body += "\n" + indent
    return text.prefix + body + q


def _offset(line_starts: list[int], position: tuple[int, int]) -> int:
    return line_starts[position[0] - 1] + position[1]


def problems(source: str, entries: list[Entry], where: str, example: str) -> list[str]:
    """What is wrong with a translation, one message a problem: a text with
    no entry or no Chinese, an entry whose English the example no longer has
    (stale), two entries for one text."""
    found = texts(source, example)
    wanted = {t.en for t in found}
    seen: dict[str, Entry] = {}
    messages = []
    for entry in entries:
        if entry.en in seen:
            messages.append(
                f"{where}:{entry.line}: a second entry for the text of line "
                f"{seen[entry.en].line}"
            )
        seen.setdefault(entry.en, entry)
        if entry.en not in wanted:
            messages.append(
                f"{where}:{entry.line}: stale: {example} has no comment or "
                f"docstring {entry.en.splitlines()[0]!r}…"
            )
        elif not CJK.search(entry.zh):
            messages.append(f"{where}:{entry.zh_line}: `zh` holds no Chinese")
    for text in found:
        if text.en not in seen:
            messages.append(
                f"{example}:{text.line}: this {text.kind.rstrip('s')} has no "
                f"entry in {where}; add one (python -m ptc.translations "
                f"{example}):\n{entry_toml(text.en)}"
            )
    return messages


def translate(source: str, entries: list[Entry], where: str, example: str) -> str:
    """`source` with each comment and docstring in Chinese. TranslationError
    for the first problem (see problems()) or a line that got too wide."""
    if found := problems(source, entries, where, example):
        raise TranslationError("\n".join(found))
    zh = {e.en: e for e in entries}
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    out: list[str] = []
    position = 0
    for text in texts(source, example):
        entry = zh[text.en]
        start = _offset(line_starts, text.start)
        out.append(source[position:start])
        first_row = "".join(out).count("\n")
        out.append(_render(text, entry.zh, where, entry))
        position = _offset(line_starts, text.end)
        done = "".join(out) + source[position:].split("\n", 1)[0]
        for row in done.split("\n")[first_row:]:
            if width(row) > LINE_LENGTH:
                raise TranslationError(
                    f"{where}:{entry.zh_line}: the line {row.strip()[:40]!r}… takes "
                    f"{width(row)} columns, more than {LINE_LENGTH} (a Chinese "
                    "character takes two): break it"
                )
    out.append(source[position:])
    return "".join(out)


def translate_file(example: Path) -> str:
    """The example file with Chinese comments and docstrings."""
    toml = translation_path(example)
    source = example.read_text(encoding="utf-8")
    return translate(source, load(toml), shown(toml), shown(example))


def check_file(example: Path) -> list[str]:
    """Every problem of the example's translation (none: an empty list)."""
    toml = translation_path(example)
    try:
        entries = load(toml)
    except TranslationError as error:
        return [str(error)]
    source = example.read_text(encoding="utf-8")
    found = problems(source, entries, shown(toml), shown(example))
    if not found:
        try:
            translate(source, entries, shown(toml), shown(example))
        except TranslationError as error:
            found.append(str(error))
    return found


# --- python -m ptc.translations FILE.py… ----------------------------------------


def add_missing(example: Path) -> tuple[int, list[str]]:
    """Append an entry with an empty `zh` for each text that has none;
    return how many, and the stale entries' messages."""
    toml = translation_path(example)
    source = example.read_text(encoding="utf-8")
    if not toml.exists():
        toml.write_text(
            f"# Chinese comments and docstrings of {example.name} "
            "(ptc.translations).\n",
            encoding="utf-8",
        )
    entries = load(toml)
    have = {e.en for e in entries}
    added = []
    for text in texts(source, shown(example)):
        if text.en not in have:
            have.add(text.en)
            added.append(entry_toml(text.en))
    with toml.open("a", encoding="utf-8") as out:
        out.writelines(added)
    found = problems(source, load(toml), shown(toml), shown(example))
    stale = [m for m in found if "stale" in m]
    return len(added), stale


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m ptc.translations FILE.py…  (see its docstring)")
        return 2
    for name in argv:
        path = Path(name).resolve()
        added, stale = add_missing(path)
        print(f"{shown(translation_path(path))}: {added} entries to fill in")
        for message in stale:
            print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
