"""Chromium, Firefox and WebKit behind the few operations the runner's
behaviour tests need (tests/test_engines_browser.py, fixture `engine`).

Every engine is the one Debian ships, and nothing downloads a browser:
- Chromium: /usr/bin/chromium, through Playwright (as in conftest.py);
- Firefox: /usr/bin/firefox-esr, through npm's puppeteer-core over WebDriver
  BiDi, in a small Node process that speaks JSON lines (firefox_bridge.mjs,
  beside this file); there is no geckodriver package, and Playwright's
  Firefox would be a download of its own;
- WebKit: WebKitGTK's MiniBrowser, through WebKitWebDriver and Selenium, on
  an X display of its own (Xvfb): without one, a new session hangs.

"No request leaves the site" is checked the same way in every engine: each
browser sends whatever is not for 127.0.0.1 to `Outside`, a proxy that
records the request and refuses it, so a fetch from the page or from the
runner's worker to another host shows up there.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ptc import ROOT
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS

FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
XVFB = "/usr/bin/Xvfb"
BRIDGE = Path(__file__).with_name("firefox_bridge.mjs")
NAMES = ("chromium", "firefox", "webkit")
# puppeteer's Firefox profile points the browser's own services (add-ons,
# time servers) at this host, and so does tests/firefox_bridge.mjs for its
# remote settings: a request to it comes from Firefox itself.
FIREFOX_DUMMY = "dummy.test"
# Chromium's own services, which it calls with the flags of ptc.chromium
# too (sign-in, component updates, its clock, autofill); a site resource
# never lives there. Hosts a site might use (fonts.googleapis.com, CDNs)
# are not on the list.
CHROMIUM_OWN = (
    "accounts.google.com",
    "update.googleapis.com",
    "clients2.google.com",
    "content-autofill.googleapis.com",
)
WINDOW = (1280, 900)
SESSION_START = 60  # seconds before a WebKit session start counts as hung
SESSION_TRIES = 3


class EngineMissing(Exception):
    """An engine cannot start; the message names what is missing."""


class Outside(http.server.ThreadingHTTPServer):
    """A proxy for every host but 127.0.0.1: it records each request, and
    answers none (403). `seen` lists them, as 'METHOD target'."""

    def __init__(self):
        self.seen: list[str] = []
        outside = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def refuse(self):
                outside.seen.append(f"{self.command} {self.path}")
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = do_CONNECT = refuse

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def since(self, start: int, ignore: tuple[str, ...] = ()) -> list[str]:
        """What was asked for after the first `start` requests, leaving out
        the hosts in `ignore` (a browser's own services)."""
        return [
            seen
            for seen in self.seen[start:]
            if not any(f" http://{h}/" in seen or f" {h}:" in seen for h in ignore)
        ]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def close(self):
        self.shutdown()
        self.server_close()


class Page:
    """One tab. `evaluate` takes a JavaScript expression (a promise is
    awaited) and returns its value as JSON gives it."""

    engine: str

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def evaluate(self, expression: str):
        raise NotImplementedError

    def click(self, selector: str) -> None:
        raise NotImplementedError

    def press(self, keys: str) -> None:
        """Keys as 'Control+a': hold the modifiers, press the last one."""
        raise NotImplementedError

    def screenshot(self, path: Path) -> None:
        raise NotImplementedError

    def front(self) -> None:
        """Make this the tab in front: a tab behind another gets no frames
        and one timer a second (Firefox), which a test would take for a
        frozen page. In WebKit every page is a window of its own."""

    def errors(self) -> list[str]:
        """Uncaught errors and dialogs the engine reported."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def wait_for(self, expression: str, timeout: float, message: str = ""):
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.engine}: still false after {timeout} s: "
                    f"{message or expression}"
                )
            time.sleep(0.05)


class Engine:
    name: str
    version: str
    outside: Outside
    own_hosts: tuple[str, ...] = ()  # where the browser itself sends requests

    def mark(self) -> int:
        """Where the outside requests from now on start."""
        return len(self.outside.seen)

    def foreign(self, mark: int) -> list[str]:
        """The requests to other hosts since `mark`, the browser's own left out."""
        return self.outside.since(mark, self.own_hosts)

    def new_page(self) -> Page:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def _need(path: str, package: str) -> None:
    if not Path(path).exists():
        raise EngineMissing(
            f"{path} is missing: run ./dev test, which installs Debian's {package}"
        )


class _SessionHung(Exception):
    """WebKitWebDriver did not answer the new-session request in time."""


def _signal_group(process: subprocess.Popen, number: int) -> None:
    """Signal the process group that `process` leads (it was started with
    start_new_session), or the process alone if it leads none."""
    try:
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, number)
            return
    except ProcessLookupError:  # the leader is reaped: try the group
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:
            pass
        return
    process.send_signal(number)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- Chromium ---------------------------------------------------------------


class _PlaywrightPage(Page):
    engine = "chromium"

    def __init__(self, browser, outside: Outside):
        self.context = browser.new_context(
            viewport={"width": WINDOW[0], "height": WINDOW[1]},
            proxy={"server": f"http://{outside.address}", "bypass": "127.0.0.1"},
        )
        self.page = self.context.new_page()
        self._errors: list[str] = []
        self.page.on("pageerror", lambda e: self._errors.append(str(e)))
        self.page.on(
            "dialog",
            lambda d: (self._errors.append(f"dialog: {d.message}"), d.dismiss()),
        )

    def goto(self, url):
        self.page.goto(url, wait_until="load", timeout=60_000)

    def evaluate(self, expression):
        return self.page.evaluate(f"async () => ({expression})")

    def click(self, selector):
        self.page.click(selector, timeout=20_000)

    def press(self, keys):
        self.page.keyboard.press(keys)

    def screenshot(self, path):
        self.page.screenshot(path=str(path))

    def front(self):
        self.page.bring_to_front()

    def errors(self):
        return list(self._errors)

    def close(self):
        self.context.close()


class _Chromium(Engine):
    name = "chromium"
    own_hosts = CHROMIUM_OWN

    def __init__(self):
        _need(CHROMIUM, "chromium")
        from playwright.sync_api import sync_playwright

        self.outside = Outside()
        self.playwright = sync_playwright().start()
        # A context may set its own proxy only when the browser has one.
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            proxy={"server": f"http://{self.outside.address}", "bypass": "127.0.0.1"},
        )
        self.version = self.browser.version

    def new_page(self):
        return _PlaywrightPage(self.browser, self.outside)

    def close(self):
        self.browser.close()
        self.playwright.stop()
        self.outside.close()


# -- Firefox ----------------------------------------------------------------


class _BridgePage(Page):
    engine = "firefox"

    def __init__(self, bridge: _Firefox):
        self.bridge = bridge
        self.id = bridge.call("newPage")

    def _call(self, op, **args):
        return self.bridge.call(op, page=self.id, **args)

    def goto(self, url):
        self._call("goto", url=url)

    def evaluate(self, expression):
        return self._call("evaluate", expression=f"(async () => ({expression}))()")

    def click(self, selector):
        self._call("click", selector=selector)

    def press(self, keys):
        self._call("press", keys=keys)

    def screenshot(self, path):
        self._call("screenshot", path=str(path))

    def front(self):
        self._call("front")

    def errors(self):
        events = self._call("events")
        return events["errors"] + [f"dialog: {d}" for d in events["dialogs"]]

    def close(self):
        self._call("closePage")


class _Firefox(Engine):
    name = "firefox"
    own_hosts = (FIREFOX_DUMMY,)

    def __init__(self):
        _need(FIREFOX, "firefox-esr")
        if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            raise EngineMissing(
                "node_modules/puppeteer-core is missing: run ./dev test (npm ci)"
            )
        self.outside = Outside()
        self.lock = threading.Lock()
        self.next_id = 1
        self.process = subprocess.Popen(
            ["node", str(BRIDGE)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(
                os.environ,
                PTC_FIREFOX=FIREFOX,
                PTC_PROXY=self.outside.address,
                MOZ_REMOTE_SETTINGS_DEVTOOLS="1",
            ),
        )
        first = json.loads(self.process.stdout.readline() or '{"error": "no answer"}')
        if "ready" not in first:
            self.close()
            raise EngineMissing(f"Firefox did not start: {first.get('error')}")
        self.version = first["ready"]

    def call(self, op, **args):
        with self.lock:
            ident = self.next_id
            self.next_id += 1
            self.process.stdin.write(json.dumps({"id": ident, "op": op, "args": args}))
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"firefox bridge exited during {op}")
        answer = json.loads(line)
        assert answer["id"] == ident, answer
        if "error" in answer:
            raise RuntimeError(f"firefox: {op}: {answer['error']}")
        return answer["value"]

    def new_page(self):
        return _BridgePage(self)

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=20)
        except Exception:
            self.process.kill()
        self.outside.close()


# -- WebKit -----------------------------------------------------------------


class _SeleniumPage(Page):
    engine = "webkit"

    def __init__(self, engine: _WebKit):
        # A page is a session of its own WebKitWebDriver.
        self.engine_ = engine
        self.driver, self.process = engine.session()
        self.driver.set_script_timeout(120)
        self.driver.set_window_size(*WINDOW)

    def goto(self, url):
        self.driver.get(url)
        # Classic WebDriver reports no page errors: collect them from here on.
        self.driver.execute_script(
            "window.__ptcErrors = [];"
            "addEventListener('error', e => __ptcErrors.push(String(e.message)));"
            "addEventListener('unhandledrejection',"
            " e => __ptcErrors.push(String(e.reason)));"
        )

    def evaluate(self, expression):
        answer = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"(async () => ({expression}))().then("
            " v => done({value: v === undefined ? null : v}),"
            " e => done({error: String(e && e.stack || e)}));"
        )
        if "error" in answer:
            raise RuntimeError(f"webkit: {answer['error']}")
        return answer["value"]

    def click(self, selector):
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def press(self, keys):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        *modifiers, key = keys.split("+")
        named = {"Control": Keys.CONTROL, "Shift": Keys.SHIFT, "Enter": Keys.ENTER}
        actions = ActionChains(self.driver)
        for m in modifiers:
            actions.key_down(named[m])
        actions.send_keys(named.get(key, key))
        for m in reversed(modifiers):
            actions.key_up(named[m])
        actions.perform()

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def errors(self):
        # An alert() would have stopped every command since with
        # UnexpectedAlertPresentException; page errors are collected in goto.
        return self.driver.execute_script("return window.__ptcErrors || []")

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.engine_._stop(self.process)


class _WebKit(Engine):
    name = "webkit"

    def __init__(self):
        for path, package in (
            (WEBKIT_DRIVER, "webkit2gtk-driver"),
            (MINIBROWSER, "webkit2gtk-driver"),
            (XVFB, "xvfb"),
        ):
            _need(path, package)
        self.outside = Outside()
        self.processes: list[subprocess.Popen] = []
        self.home = tempfile.mkdtemp(prefix="ptc-webkit-")
        try:
            display = self._start_xvfb()
            proxy = f"http://{self.outside.address}"
            # WebKitGTK takes its proxy from the environment (GLib); the
            # loopback site stays direct.
            env = dict(
                os.environ,
                DISPLAY=display,
                HOME=self.home,
                XDG_CACHE_HOME=f"{self.home}/cache",
                XDG_DATA_HOME=f"{self.home}/data",
                http_proxy=proxy,
                https_proxy=proxy,
                HTTP_PROXY=proxy,
                HTTPS_PROXY=proxy,
                no_proxy="127.0.0.1,localhost",
                NO_PROXY="127.0.0.1,localhost",
            )
            env.pop("WAYLAND_DISPLAY", None)
            # On Xvfb (no GPU) WebKitGTK's GPU path ran requestAnimationFrame
            # once a second, which throttles the runner's output; drawn
            # without compositing it runs at 60-70 frames a second.
            env["WEBKIT_DISABLE_COMPOSITING_MODE"] = "1"
            self.env = env
            first, driver = self.session()
            self.version = first.capabilities.get("browserVersion", "?")
            first.quit()
            self._stop(driver)
        except BaseException:
            self.close()
            raise

    def _start_xvfb(self) -> str:
        read, write = os.pipe()
        xvfb = subprocess.Popen(
            [XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24"]
            + ["-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        self.processes.append(xvfb)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise EngineMissing("Xvfb did not start (no display number)")
        return f":{number}"

    @staticmethod
    def _wait_port(port: int, what: str) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise EngineMissing(f"{what} did not listen on port {port}")

    def session(self):
        """A new WebKitWebDriver, and a session with it: the driver allows
        one session at a time, and so one window.

        A session starts in about a second, a few under load. Once in a
        CI run (4 test workers on 2 cores) the driver never answered the
        new-session request; so a start that takes longer than
        SESSION_START seconds is ended, and tried again with a new driver.
        """
        hung = []
        for _ in range(SESSION_TRIES):
            try:
                return self._session()
            except _SessionHung as failure:
                hung.append(str(failure))
        raise RuntimeError(
            f"webkit: no session after {SESSION_TRIES} tries:\n" + "\n".join(hung)
        )

    def _session(self):
        from selenium import webdriver
        from selenium.webdriver.common.options import ArgOptions
        from selenium.webdriver.remote.client_config import ClientConfig
        from selenium.webdriver.remote.remote_connection import RemoteConnection

        port = _free_port()
        log_path = Path(self.home, f"webkitwebdriver-{port}.log")
        with log_path.open("wb") as log:
            # A group of its own: stopping it also ends its MiniBrowser.
            driver = subprocess.Popen(
                [WEBKIT_DRIVER, f"--port={port}"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(driver)
        self._wait_port(port, "WebKitWebDriver")
        options = ArgOptions()
        options.set_capability("browserName", "MiniBrowser")
        options.set_capability(
            "webkitgtk:browserOptions",
            {"binary": MINIBROWSER, "args": ["--automation"]},
        )
        config = ClientConfig(
            remote_server_addr=f"http://127.0.0.1:{port}", timeout=180
        )
        # Ending the driver makes a request that hangs fail at once.
        timed_out = threading.Event()

        def end_hung_start():
            timed_out.set()
            self._stop(driver)

        watchdog = threading.Timer(SESSION_START, end_hung_start)
        watchdog.start()
        try:
            session = webdriver.Remote(
                RemoteConnection(client_config=config), options=options
            )
        except Exception as error:
            watchdog.cancel()
            self._stop(driver)
            if timed_out.is_set():
                raise _SessionHung(self._hung(log_path, error)) from error
            raise
        watchdog.cancel()
        if timed_out.is_set():  # it answered just as it was ended
            raise _SessionHung(self._hung(log_path, "ended as it answered"))
        return session, driver

    @staticmethod
    def _hung(log_path, error) -> str:
        log = log_path.read_text(errors="replace").strip()[-2000:]
        return (
            f"no new session within {SESSION_START} s ({error}); "
            f"WebKitWebDriver printed: {log or '(nothing)'}"
        )

    def _stop(self, process):
        """End a process and its group (WebKitWebDriver's MiniBrowser and
        WebKit's own processes are in its group)."""
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        _signal_group(process, signal.SIGKILL)
        process.wait()
        try:  # the hung-start watchdog may have stopped it already
            self.processes.remove(process)
        except ValueError:
            pass

    def new_page(self):
        return _SeleniumPage(self)

    def close(self):
        for process in reversed(list(self.processes)):
            self._stop(process)
        self.outside.close()
        shutil.rmtree(self.home, ignore_errors=True)


def start(name: str) -> Engine:
    """Start one engine; EngineMissing names what is missing."""
    return {"chromium": _Chromium, "firefox": _Firefox, "webkit": _WebKit}[name]()
