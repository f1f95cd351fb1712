"""The offline classroom bundle, as a teacher uses it: unzip it anywhere,
run serve.py, open the address it prints, Run and Stop with no network."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The runner's own test helpers (tests/ is on the path pytest gives tests).
from test_run_buttons_browser import bar, open_page, run, stop, type_code, wait_state

from ptc import offline, offline_serve


def test_the_bundle_holds_the_site_python_and_examples(built_site: Path):
    names = set(zipfile.ZipFile(built_site / offline.ZIP_NAME).namelist())
    root = offline.ROOT_DIR
    for needed in [
        "serve.py",
        "README.txt",
        "site/index.html",
        "site/en/index.html",
        "site/coroutines/index.html",
        "site/en/coroutines/index.html",
        "site/assets/vendor/pyodide/pyodide.asm.wasm",
        "site/assets/run_buttons.js",
        "site/examples/ptc-examples.zip",
        "site/examples/ptc-examples-zh.zip",
        "site/embed/coroutines/gather/index.html",
    ]:
        assert f"{root}/{needed}" in names, needed
    assert f"{root}/site/{offline.ZIP_NAME}" not in names  # not itself
    assert not [n for n in names if not n.startswith(f"{root}/")]
    served = zipfile.ZipFile(built_site / offline.ZIP_NAME).read(f"{root}/serve.py")
    assert served == Path(offline_serve.__file__).read_bytes()


def test_the_home_page_links_the_bundle(built_site: Path):
    for lang, prefix in (("zh", ""), ("en", "../")):
        home = (built_site / ("" if lang == "zh" else "en") / "index.html").read_text(
            "utf-8"
        )
        assert f'href="{prefix}{offline.ZIP_NAME}" download' in home, lang
        assert 'id="offline"' in home


@pytest.fixture
def unzipped(built_site: Path, tmp_path: Path) -> Path:
    with zipfile.ZipFile(built_site / offline.ZIP_NAME) as zf:
        zf.extractall(tmp_path)
    return tmp_path / offline.ROOT_DIR


@pytest.fixture
def server(unzipped: Path):
    """serve.py from the unzipped bundle, on a free port: (url, process)."""
    process = subprocess.Popen(
        [sys.executable, "serve.py", "--port", "0"],
        cwd=unzipped,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = process.stdout.readline().strip()
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_py_prints_its_address_first_and_isolates_the_pages(server):
    url, process = server
    parts = urlsplit(url)
    assert (parts.scheme, parts.hostname, parts.path) == ("http", "127.0.0.1", "/")
    assert parts.port and parts.port != 8000  # --port 0 picked a free one
    with urllib.request.urlopen(f"{url}coroutines/") as response:
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    with urllib.request.urlopen(f"{url}assets/vendor/pyodide/pyodide.asm.mjs") as r:
        assert r.headers["Content-Type"].startswith("text/javascript")


def test_serve_py_stays_quiet_when_a_browser_drops_a_download(server):
    """A reader who leaves a page while Pyodide's 8 MB still come in must
    not fill the teacher's terminal with tracebacks."""
    url, process = server
    parts = urlsplit(url)
    for _ in range(3):
        with socket.create_connection((parts.hostname, parts.port)) as dropped:
            dropped.sendall(
                b"GET /assets/vendor/pyodide/pyodide.asm.wasm HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\n\r\n"
            )
            assert dropped.recv(64).startswith(b"HTTP/1.0 200")
            # Close with a reset, as a browser does that gives up on a file.
            dropped.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
    with urllib.request.urlopen(url) as response:  # it still serves
        assert response.status == 200
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr


def test_serve_py_says_what_is_wrong_when_the_site_is_missing(tmp_path):
    script = tmp_path / "serve.py"
    script.write_bytes(Path(offline_serve.__file__).read_bytes())
    result = subprocess.run(
        [sys.executable, str(script), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "has no index.html" in result.stderr and str(tmp_path) in result.stderr


@pytest.mark.serial  # Stop has 150 ms to interrupt before it restarts Python
def test_from_the_unzipped_bundle_run_and_stop_work_with_no_network(chromium, server):
    url, _ = server
    context = chromium.new_context()
    page = context.new_page()
    foreign = []
    page.on(
        "request",
        lambda r: (
            None
            if urlsplit(r.url).hostname == "127.0.0.1"
            or r.url.startswith(("data:", "blob:"))
            else foreign.append(r.url)
        ),
    )
    try:
        open_page(page, f"{url}coroutines/")
        assert page.evaluate("crossOriginIsolated")  # from the first visit
        run(page, 0)
        wait_state(page, 0, ["ok"])
        type_code(page, 0, "while True:\n    pass")
        run(page, 0)
        wait_state(page, 0, ["running"])
        stop(page, 0)
        wait_state(page, 0, ["stopped"], timeout=20_000)
        # The interrupt path: Python was stopped, not restarted.
        status = bar(page, 0).locator(".ptc-status").inner_text()
        assert status.strip() in ("已停止。", "Stopped."), status
        assert not foreign, foreign
    finally:
        context.close()
