"""Build, bundle and serve the site: the steps that ./dev, the hooks, the
tests and the benchmarks share.

    python -m ptc.site build DIR           mkdocs build --strict into DIR
    python -m ptc.site build --test DIR    the same, at TEST_URL (for the tests)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ptc import ROOT, browser_limits, offline_serve

CONFIG = ROOT / "mkdocs.yml"
WEB = ROOT / "web"
BUILT_WEB = ROOT / "build" / "web"  # web/build.mjs writes the bundles here
NODE_HARNESS = ROOT / "build" / "test" / "node_run.mjs"
GENERATED = ROOT / "build" / "generated"  # inputs web/build.mjs imports
# mkdocs 1.x prints an end-of-life banner unless told not to.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# The tests check canonical links and the sitemap, which need an address;
# .test is a reserved name, so this one is never taken for a real host.
TEST_URL = "https://ptc.test/"


def inline_script(name: str) -> str:
    """A bundle web/build.mjs wrote as a classic script, as an inline
    <script>: for the few lines a page needs before its scripts load."""
    return f"<script>{(BUILT_WEB / name).read_text(encoding='utf-8').strip()}</script>"


class StepFailed(RuntimeError):
    """A build or bundle step failed; the message has its error output."""


def build(
    destination: Path,
    *,
    config: Path = CONFIG,
    quiet: bool = True,
    site_url: str | None = None,
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `destination`; StepFailed with its stderr.
    `site_url` stands in for PTC_SITE_URL (the site's public address)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["-q"] * quiet + ["-f", str(config), "-d", str(destination)]
    result = subprocess.run(
        command,
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            **QUIET_ENV,
            **({"PTC_SITE_URL": site_url} if site_url else {}),
        },
    )
    if result.returncode != 0:
        raise StepFailed(f"mkdocs build --strict failed:\n{result.stderr}")
    return result


def write_generated() -> Path:
    """The JSON that web/build.mjs bundles: browser limits and Run labels."""
    GENERATED.mkdir(parents=True, exist_ok=True)
    target = GENERATED / "browser.json"
    text = json.dumps(browser_limits.bundle_data(), ensure_ascii=False, indent=1)
    if not target.exists() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
    return target


def bundle() -> None:
    """Run web/build.mjs: build/web/* for the site, build/test/* for the tests.

    The bundles are written to a fresh folder, then each moved into place in
    one step, so a build in one test never hands half a file to a test that
    is running the Node harness at that moment."""
    write_generated()
    built = ROOT / "build"
    built.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=built, prefix=".bundle-") as fresh:
        result = subprocess.run(
            ["node", str(WEB / "build.mjs")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PTC_BUNDLE_DIR": fresh},
        )
        if result.returncode != 0:
            raise StepFailed(
                f"web/build.mjs failed (exit {result.returncode}):\n{result.stderr}"
            )
        for path in sorted(Path(fresh).rglob("*")):
            if path.is_file():
                target = built / path.relative_to(fresh)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **offline_serve.MIME_TYPES,
    }
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(
    directory: Path, headers: dict[str, str] | None = None, handler=_Handler
) -> Iterator[str]:
    """Serve `directory` statically on 127.0.0.1; yields the base URL."""
    handler = type("Handler", (handler,), {"extra_headers": headers or {}})
    server = offline_serve.Server(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Headers that make a page cross-origin isolated (SharedArrayBuffer, Stop
# by interrupt); GitHub Pages cannot send them.
ISOLATION_HEADERS = offline_serve.ISOLATION_HEADERS


def main(argv: list[str]) -> int:
    for_tests = "--test" in argv
    argv = [a for a in argv if a != "--test"]
    if len(argv) == 2 and argv[0] == "build":
        try:
            build(Path(argv[1]).resolve(), site_url=TEST_URL if for_tests else None)
        except StepFailed as failure:
            print(failure, file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
