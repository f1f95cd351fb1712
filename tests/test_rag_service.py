"""The RAG service (examples/rag_service/), run as a student runs it, then broken.

- It runs from a fresh copy of the zip of examples (ptc.catalogue.write_zip),
  started with `python launch.py --port 0`, as separate OS processes.
- Every process of a run carries a PTC_EXAMPLE_RUN tag in its environment
  (children inherit it, as in tests/test_examples.py); after every test no
  tagged process may have lost its launcher, and after each run none is left.
- Every wait has a timeout: nothing here can hang.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from ptc import catalogue

# Ctrl+C must stop the service within 2 s, and timeouts are part of the
# lesson: timed, so these run alone (serial).
pytestmark = [pytest.mark.slow, pytest.mark.serial]

if not Path("/proc/self/environ").exists():
    pytest.skip("the process checks read /proc (Linux only)", allow_module_level=True)

START_WITHIN = 20.0  # s until /health says all four are up
STOP_WITHIN = 2.0  # s after Ctrl+C
SETTLE = 3.0  # s for pool workers and tools of a killed service to follow it
PYENV = Path.home() / ".pyenv" / "versions"


# --- the process table --------------------------------------------------------


def tagged(tag: str) -> dict[int, str]:
    """pid -> command line of each live process whose environment has `tag`."""
    needle, found = f"PTC_EXAMPLE_RUN={tag}".encode(), {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    args = (proc / "cmdline").read_bytes().split(b"\0")
                    found[int(proc.name)] = b" ".join(args).decode(errors="replace")
            except OSError:
                continue  # gone meanwhile, or not ours to read
    return found


def parent_of(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def orphans(tag: str, launcher: int) -> dict[int, str]:
    """Tagged processes that do not descend from the launcher."""
    lost = {}
    for pid, command in tagged(tag).items():
        ancestor = pid
        while ancestor not in (launcher, 0, 1):
            ancestor = parent_of(ancestor)
        if ancestor != launcher:
            lost[pid] = command
    return lost


def wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds:g} s", pytrace=False)
        time.sleep(0.05)


# --- talking to the orchestrator ----------------------------------------------


@dataclass
class Answer:
    status: int
    deltas: list[str] = field(default_factory=list)
    done: dict | None = None
    error: str = ""  # the JSON error of a 400, or why the stream broke
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "".join(self.deltas)


def ask(url: str, q: str, timeout: float = 20, **knobs) -> Answer:
    """GET /ask and read the whole SSE stream (or until it breaks)."""
    parts, started, answer = urlsplit(url), time.monotonic(), Answer(0)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", "/ask?" + urlencode({"q": q, **knobs}))
        response = conn.getresponse()
        answer.status = response.status
        if response.status != 200:
            answer.error = json.loads(response.read())["error"]
            return answer
        assert response.getheader("Content-Type").startswith("text/event-stream")
        event = None
        for raw in response:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "done":
                answer.done = json.loads(line[6:])
            elif line.startswith("data: "):
                answer.deltas.append(json.loads(line[6:])["delta"])
            elif not line:
                event = None
    except (OSError, http.client.HTTPException) as broken:
        answer.error = repr(broken)
    finally:
        conn.close()
        answer.seconds = time.monotonic() - started
    return answer


def call(url: str, method: str, path: str, timeout: float = 5) -> tuple[int, dict]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


class Stack:
    """One `python launch.py --port 0` in its own session, like a terminal."""

    def __init__(self, python: str, folder: Path, state: Path) -> None:
        self.tag, self.state = uuid.uuid4().hex, state
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["PTC_EXAMPLE_RUN"] = self.tag
        self.log = (state.parent / f"launcher-{self.tag[:8]}.log").open("w+")
        self.launcher = subprocess.Popen(
            [python, "launch.py", "--port", "0", "--state", str(state)],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            start_new_session=True,  # its own process group, as in a terminal
        )
        first: list[str] = []
        reader = threading.Thread(
            target=lambda: first.append(self.launcher.stdout.readline()), daemon=True
        )
        reader.start()
        reader.join(START_WITHIN)
        self.url = first[0].strip() if first else ""
        threading.Thread(target=self.launcher.stdout.read, daemon=True).start()

    def health(self) -> dict:
        try:
            return call(self.url, "GET", "/health", timeout=2)[1]
        except (OSError, ValueError, http.client.HTTPException):
            return {}

    def healthy(self) -> bool:
        return set(self.health().values()) == {"up"} and len(self.health()) == 4

    def wait_healthy(self, seconds: float = START_WITHIN) -> None:
        wait_until(self.healthy, seconds, f"all four services up at {self.url}")

    def pid(self, script: str) -> int:
        """The pid of the live service started from `script`."""
        found = [
            pid
            for pid, command in tagged(self.tag).items()
            if f"/{script} " in command and parent_of(pid) == self.launcher.pid
        ]
        assert len(found) == 1, f"{script}: {found} in {tagged(self.tag)}"
        return found[0]

    def kill(self, script: str) -> int:
        pid = self.pid(script)
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> list[str]:
        """Ctrl+C to the whole group; what went wrong, if anything."""
        problems = []
        if self.launcher.poll() is None:
            os.killpg(self.launcher.pid, signal.SIGINT)
            started = time.monotonic()
            try:
                self.launcher.wait(STOP_WITHIN + 1)
            except subprocess.TimeoutExpired:
                self.launcher.kill()
                self.launcher.wait(5)
            took = time.monotonic() - started
            if took > STOP_WITHIN:
                problems.append(f"Ctrl+C took {took:.2f} s to stop the launcher")
        deadline = time.monotonic() + SETTLE
        while tagged(self.tag) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid, command in tagged(self.tag).items():
            problems.append(f"left behind: {pid} {command}")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.seek(0)
        return problems

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()


def fresh_copy(tmp: Path, lang: str = "en") -> Path:
    """The service as a student has it: unzipped from the examples' zip for
    readers in `lang` (zh: Chinese comments and docstrings)."""
    archive = tmp / catalogue.ZIP_NAMES[lang]
    catalogue.write_zip(archive, lang)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp)
    return tmp / catalogue.ZIP_ROOT / "rag_service"


def python_at(version: str) -> str:
    found = sorted(PYENV.glob(f"{version}.*/bin/python3"))
    if not found:
        pytest.skip(f"no CPython {version} in {PYENV}")
    return str(found[-1])


# --- as a student runs it -----------------------------------------------------


@pytest.mark.parametrize(
    ("version", "zip_lang"), [("3.10", "en"), ("3.13", "en"), ("3.13", "zh")]
)
def test_a_student_starts_it_from_the_zip_and_asks_in_both_languages(
    version, zip_lang, tmp_path
):
    """The zh zip's copy differs in comments and docstrings: it runs too."""
    folder = fresh_copy(tmp_path, zip_lang)
    launcher = (folder / "launch.py").read_text(encoding="utf-8")
    assert ("启动" in launcher) == (zip_lang == "zh"), launcher[:200]
    stack = Stack(python_at(version), folder, tmp_path / "state")
    try:
        assert stack.url.startswith("http://127.0.0.1:"), stack.output()
        assert stack.url.endswith("/")
        stack.wait_healthy()
        for q, lang in (("什么是全局解释器锁？", "zh"), ("What is the GIL?", "en")):
            answer = ask(stack.url, q)
            assert answer.status == 200 and not answer.error, answer
            assert len(answer.deltas) >= 5, answer
            assert answer.done and answer.done["sources"], answer
            assert q in answer.text
            cited = " ".join(s["title"] for s in answer.done["sources"])
            assert "GIL" in cited or "全局解释器锁" in cited, cited
            has_chinese = any("\u4e00" <= c <= "\u9fff" for c in cited)
            assert has_chinese == (lang == "zh"), cited
        page = urlsplit(stack.url)
        conn = http.client.HTTPConnection(page.hostname, page.port, timeout=5)
        conn.request("GET", "/")
        assert b"EventSource" in conn.getresponse().read()
        conn.close()
    finally:
        problems = stack.stop()
    assert not problems, "\n".join(problems) + "\n" + stack.output()


# --- one running service for the faults and bad input -------------------------


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rag")
    running = Stack(sys.executable, fresh_copy(tmp), tmp / "state")
    try:
        running.wait_healthy()
        yield running
    finally:
        problems = running.stop()
        assert not problems, "\n".join(problems) + "\n" + running.output()


@pytest.fixture(autouse=True)
def no_leftovers(request):
    """After each test: every process of the service still has its launcher
    (a killed service took its pool workers and tools with it), and the
    four services are up again for the next test."""
    yield
    if "stack" not in request.fixturenames:
        return
    running = request.getfixturevalue("stack")
    deadline = time.monotonic() + SETTLE
    while orphans(running.tag, running.launcher.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    lost = orphans(running.tag, running.launcher.pid)
    for pid in lost:
        os.kill(pid, signal.SIGKILL)
    assert not lost, f"processes that outlived their parent: {lost}"
    running.wait_healthy()


def in_background(function, *args, **kwargs) -> tuple[threading.Thread, list]:
    result: list = []
    thread = threading.Thread(
        target=lambda: result.append(function(*args, **kwargs)), daemon=True
    )
    thread.start()
    return thread, result


def finished(thread: threading.Thread, result: list, seconds: float = 20):
    thread.join(seconds)
    assert result, f"no answer within {seconds} s"
    return result[0]


def test_kill_vector_search_mid_request_answers_without_sources(stack):
    old = stack.pid("vector_search.py")
    thread, result = in_background(ask, stack.url, "What is a thread?", search_delay=1)
    time.sleep(0.4)  # the search is under way, and slow
    stack.kill("vector_search.py")
    answer = finished(thread, result)
    assert answer.done is not None and answer.done["sources"] == [], answer
    assert "No sources" in answer.text
    assert any("vector-search" in n for n in answer.done["notices"]), answer
    assert answer.seconds < 4, answer
    stack.wait_healthy()
    assert stack.pid("vector_search.py") != old  # the launcher restarted it
    assert ask(stack.url, "What is a thread?").done["sources"]


def test_a_slow_search_falls_back_within_the_timeout(stack):
    answer = ask(stack.url, "What is a process?", search_delay=3)
    assert answer.done is not None and answer.done["sources"] == []
    assert any("did not answer within 1.5 s" in n for n in answer.done["notices"])


@pytest.mark.parametrize(
    ("script", "knob", "notice"),
    [
        ("rerank.py", {"rerank_delay": 1}, "keeping the search order"),
        ("tool_exec.py", {"search_delay": 0.5}, None),  # it never holds an answer
    ],
    ids=["rerank", "tool-exec"],
)
def test_kill_rerank_or_tool_exec_mid_request_still_answers(
    stack, script, knob, notice
):
    old = stack.pid(script)
    thread, result = in_background(ask, stack.url, "What is a process pool?", **knob)
    time.sleep(0.3)  # the request is under way
    stack.kill(script)
    answer = finished(thread, result)
    assert answer.done is not None and answer.done["sources"], answer
    assert answer.done["task"], answer  # the tool task is published all the same
    if notice:
        assert any(notice in n for n in answer.done["notices"]), answer
    stack.wait_healthy()
    assert stack.pid(script) != old  # the launcher restarted it


def test_kill_orchestrator_mid_request_the_others_keep_running(stack):
    others = {
        s: stack.pid(s) for s in ("vector_search.py", "rerank.py", "tool_exec.py")
    }
    thread, result = in_background(ask, stack.url, "What is the GIL?", search_delay=1)
    time.sleep(0.4)
    stack.kill("orchestrator.py")
    answer = finished(thread, result)
    assert answer.done is None, "a killed orchestrator cannot finish its answer"
    stack.wait_healthy()  # at the same address
    assert {s: stack.pid(s) for s in others} == others
    assert ask(stack.url, "What is the GIL?").done["sources"]


def task_when_finished(stack: Stack, task: int, seconds: float = 15) -> dict:
    def finished_task():
        info = call(stack.url, "GET", f"/task?id={task}")[1]
        return info if info["state"] in ("done", "failed") else None

    return wait_until(finished_task, seconds, f"task {task} finished")


def test_a_tool_that_hangs_is_killed_at_its_timeout(stack):
    tool_exec = stack.pid("tool_exec.py")
    task = call(stack.url, "POST", "/task?tool=hang&timeout=1")[1]["task"]
    info = task_when_finished(stack, task)
    assert info["state"] == "failed" and info["deliveries"] == 1
    assert info["error"] == "timed out after 1 s: killed"
    assert not [c for c in tagged(stack.tag).values() if "tools.py hang" in c]
    assert stack.pid("tool_exec.py") == tool_exec


def test_a_tool_that_crashes_leaves_tool_exec_running(stack):
    tool_exec = stack.pid("tool_exec.py")
    task = call(stack.url, "POST", "/task?tool=crash")[1]["task"]
    info = task_when_finished(stack, task)
    assert info["state"] == "failed" and info["deliveries"] == 1
    assert info["error"].startswith(f"crashed: exit code -{int(signal.SIGABRT)}")
    assert stack.pid("tool_exec.py") == tool_exec
    assert ask(stack.url, "What is a thread?").done is not None


def test_tool_exec_killed_before_its_ack_the_task_is_done_once(stack):
    task = call(stack.url, "POST", "/task?tool=sleep&arg=1.5&timeout=10")[1]["task"]

    def running():
        return call(stack.url, "GET", f"/task?id={task}")[1]["state"] == "running"

    wait_until(running, 10, f"task {task} taken")
    time.sleep(0.3)  # taken, not yet acknowledged
    stack.kill("tool_exec.py")
    info = task_when_finished(stack, task, seconds=20)
    expected = b"slept 1.5 s\n"
    key = hashlib.sha256(expected).hexdigest()
    assert info["state"] == "done" and info["deliveries"] == 2, info
    assert info["result_key"] == key and info["preview"] == expected.decode()
    # What the queue and the object store hold afterwards:
    with sqlite3.connect(stack.state / "queue.db", timeout=5) as db:
        rows = db.execute(
            "SELECT state, deliveries, result_key FROM tasks WHERE id = ?", (task,)
        ).fetchall()
    assert rows == [("done", 2, key)]
    objects = [p for p in (stack.state / "objects").rglob("*") if p.is_file()]
    assert [p for p in objects if p.read_bytes() == expected] == [
        stack.state / "objects" / key[:2] / key
    ]
    assert not [p for p in objects if p.name.endswith(".partial")]


def test_fifty_concurrent_questions_are_all_answered_none_mixed_up(stack):
    topics = ["thread", "process", "coroutine", "GIL", "thread pool"]
    questions = [f"Question {n}: what is a {topics[n % 5]}?" for n in range(50)]
    runs = [in_background(ask, stack.url, q, timeout=40) for q in questions]
    answers = [finished(thread, result, 60) for thread, result in runs]
    for q, answer in zip(questions, answers, strict=True):
        assert answer.status == 200 and answer.done is not None, (q, answer)
        assert answer.text.split("\n")[0].endswith(f"You asked: {q}"), (q, answer.text)
        for other in questions:
            if other != q:
                assert f"You asked: {other}\n" not in answer.text


# --- bad input ------------------------------------------------------------------


def pids_of(stack: Stack) -> dict[str, int]:
    scripts = ("orchestrator.py", "vector_search.py", "rerank.py", "tool_exec.py")
    return {s: stack.pid(s) for s in scripts}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=", "empty question"),
        ("q=%20%20", "empty question"),
        ("q=" + "a" * 100_000, "question too long: 100000 characters, at most 1000"),
        ("q=%ff%fe%80", "not valid UTF-8"),
    ],
    ids=["empty", "blank", "100-kb", "invalid-utf-8"],
)
def test_bad_questions_get_a_clear_400(stack, query, message):
    before = pids_of(stack)
    parts = urlsplit(stack.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        conn.request("GET", "/ask?" + query)
        response = conn.getresponse()
        status, body = response.status, json.loads(response.read())
    finally:
        conn.close()
    assert status == 400 and message in body["error"], body
    assert pids_of(stack) == before and stack.healthy()


def test_a_client_that_disconnects_mid_stream_stops_cleanly(stack):
    before = pids_of(stack)
    parts = urlsplit(stack.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(b"GET /ask?q=what+is+a+thread HTTP/1.1\r\nHost: x\r\n\r\n")
        received = b""
        while received.count(b"data: ") < 3:
            received += sock.recv(4096)
    time.sleep(0.5)  # the orchestrator's next writes hit a closed socket
    assert pids_of(stack) == before and stack.healthy()
    assert ask(stack.url, "What is a thread?").done["sources"]
    assert "Traceback" not in stack.output()
