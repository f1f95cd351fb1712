"""ptc.engines: how a WebKit session start that hangs is ended and tried
again, with a stand-in WebKitWebDriver that listens and never answers.

The behaviour tests of the engines themselves are in
tests/test_engines_browser.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from ptc import engines

pytestmark = pytest.mark.slow

# Listens on the port it is given and never answers, like the driver that
# once hung a CI run; it starts a child that stands for its MiniBrowser.
# With RECOVERS set, every start after the first is the real driver.
STAND_IN = """\
#!{python}
import os, socket, subprocess, sys
starts = os.environ["PTC_STAND_IN_STARTS"]
if os.environ.get("PTC_STAND_IN_RECOVERS") and os.path.exists(starts):
    os.execv({real!r}, [{real!r}, *sys.argv[1:]])
browser = subprocess.Popen(["sleep", "600"])
with open(starts, "a") as f:
    f.write(f"{{os.getpid()}} {{browser.pid}}\\n")
server = socket.create_server(("127.0.0.1", int(sys.argv[1].split("=")[1])))
print("stand-in driver: listening", flush=True)
held = []
while True:
    held.append(server.accept()[0])
"""


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    if not Path(engines.XVFB).exists() or not Path(engines.MINIBROWSER).exists():
        pytest.skip("needs Xvfb and MiniBrowser, which ./dev test installs")
    driver = tmp_path / "WebKitWebDriver"
    driver.write_text(
        STAND_IN.format(python=sys.executable, real=engines.WEBKIT_DRIVER)
    )
    driver.chmod(0o755)
    starts = tmp_path / "starts"
    monkeypatch.setattr(engines, "WEBKIT_DRIVER", str(driver))
    monkeypatch.setattr(engines, "SESSION_START", 2)
    monkeypatch.setenv("PTC_STAND_IN_STARTS", str(starts))
    return starts


def gone(pid: int) -> bool:
    """True once pid has ended (a zombie that nobody reaps counts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def started_pids(starts: Path) -> list[int]:
    return [
        int(pid) for line in starts.read_text().splitlines() for pid in line.split()
    ]


def test_a_start_that_never_answers_fails_with_the_drivers_output(stand_in):
    began = time.monotonic()
    with pytest.raises(RuntimeError) as failure:
        engines.start("webkit")
    message = str(failure.value)
    assert f"no session after {engines.SESSION_TRIES} tries" in message
    assert message.count("no new session within 2 s") == engines.SESSION_TRIES
    assert "stand-in driver: listening" in message
    assert time.monotonic() - began < 60
    pids = started_pids(stand_in)
    assert len(pids) == 2 * engines.SESSION_TRIES
    # Each driver and the browser it started were ended with it.
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in pids if not gone(pid)] == []


def test_a_start_that_hangs_once_is_tried_again(stand_in, monkeypatch):
    monkeypatch.setenv("PTC_STAND_IN_RECOVERS", "1")
    # The real driver's starts must not count as hung on a loaded machine.
    monkeypatch.setattr(engines, "SESSION_START", 20)
    engine = engines.start("webkit")
    try:
        assert engine.version != "?"
        page = engine.new_page()  # a second start, with the real driver
        page.goto("about:blank")
        assert page.evaluate("1 + 1") == 2
        page.close()
    finally:
        engine.close()
    pids = started_pids(stand_in)
    assert len(pids) == 2  # one hung start, with its browser
    assert all(gone(pid) for pid in pids)
