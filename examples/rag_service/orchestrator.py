"""rag-orchestrator: one asyncio event loop that mostly waits.

GET  /              the demo page (page.html)
GET  /health        {"orchestrator": "up", "vector-search": "up"/"down", ...}
GET  /ask?q=...     the answer as Server-Sent Events: `data:` events carry
                    the next piece of the answer; a final `event: done`
                    carries {"sources": [...], "notices": [...], "task": id}
POST /task?tool=sleep&arg=5&timeout=10   publish a tool task -> {"task": id}
GET  /task?id=N     the task's state; once done, its result fetched by key
POST /kill?service=vector-search         kill -9 a service (for the lesson)

Every call to another service has a timeout and a fallback: no sources when
search fails, the search order when rerank fails. Optional knobs for the
lesson: /ask?...&search_delay=1&rerank_delay=3 make those services slower.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from common import (
    HEARTBEAT_STALE,
    HERE,
    SERVICES,
    exit_with_parent,
    get_object,
    language,
    log,
    open_queue,
    publish,
    quiet_interrupts,
    service_args,
    task_info,
)

SEARCH_TIMEOUT = 1.5  # s, each call to vector-search
RERANK_TIMEOUT = 2.0  # s
QUEUE_TIMEOUT = 1.0  # s, publishing a task
MAX_QUESTION = 1000  # characters
WORD_DELAY = 0.015  # s between two pieces of the stand-in's answer
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows: TerminateProcess

PORTS: dict[str, int] = {}  # "vector-search" -> its port, from the launcher
STATE = Path()


class ServiceError(Exception):
    pass


class BadRequest(Exception):
    pass


# --- the edge to search and rerank: HTTP, with a timeout ---------------------


async def call_service(service: str, path: str, payload: dict, timeout: float):
    """POST JSON to a service and return its JSON reply, or raise
    ServiceError within `timeout` seconds, whatever the service does."""

    async def exchange() -> dict:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", PORTS[service]
        )
        try:
            body = json.dumps(payload).encode()
            writer.write(
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            response = await reader.read()  # the service closes when done
        finally:
            writer.close()
        head, _, content = response.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise ServiceError(f"{service} answered {head[:40]!r}")
        return json.loads(content)

    try:
        return await asyncio.wait_for(exchange(), timeout)
    except asyncio.TimeoutError:
        raise ServiceError(
            f"{service} did not answer within {timeout:g} s"
        ) from None
    except (OSError, ValueError) as failed:  # refused, reset, bad JSON
        raise ServiceError(f"{service} failed: {failed!r}") from None


async def search(
    q: str, kb: str, lang: str, delay: float, notices: list
) -> list:
    try:
        payload = {"q": q, "kb": kb, "lang": lang, "k": 6, "delay": delay}
        reply = await call_service(
            "vector-search", "/search", payload, SEARCH_TIMEOUT
        )
        return reply["hits"]
    except ServiceError as failed:
        notices.append(f"search of {kb}: {failed}; answering without them")
        return []


async def retrieve(q: str, lang: str, delay: float, notices: list) -> list:
    """Search both knowledge bases at once.

    TaskGroup on 3.11+, gather on 3.10.
    """
    kbs = ("pages", "glossary")
    if sys.version_info >= (3, 11):
        async with asyncio.TaskGroup() as group:
            tasks = [
                group.create_task(search(q, kb, lang, delay, notices))
                for kb in kbs
            ]
        results = [task.result() for task in tasks]
    else:
        results = await asyncio.gather(
            *(search(q, kb, lang, delay, notices) for kb in kbs)
        )
    return [hit for hits in results for hit in hits]


async def rerank(q: str, hits: list, delay: float, notices: list) -> list:
    if not hits:
        return hits
    try:
        payload = {"q": q, "passages": hits, "delay": delay}
        reply = await call_service(
            "rerank", "/rerank", payload, RERANK_TIMEOUT
        )
    except ServiceError as failed:
        notices.append(f"{failed}; keeping the search order")
        return sorted(hits, key=lambda hit: -hit["score"])
    by_id = {hit["id"]: hit for hit in hits}
    return [by_id[item["id"]] for item in reply["order"]]


# --- the edge to tool-exec: a durable queue (SQLite) -------------------------

_local = threading.local()


def _queue():
    """One connection per thread (asyncio.to_thread uses a pool of them)."""
    if not hasattr(_local, "db"):
        _local.db = open_queue(STATE)
    return _local.db


async def in_thread(function, *args, timeout: float = QUEUE_TIMEOUT):
    """SQLite calls block, so they run in a thread, never on the loop."""
    return await asyncio.wait_for(asyncio.to_thread(function, *args), timeout)


# --- the "LLM": a stand-in ---------------------------------------------------

PIECE = re.compile(r"[\u3400-\u9fff]{1,3}|[^\s\u3400-\u9fff]+\s*|\s+")


async def stand_in_llm(q: str, passages: list):
    """A stand-in for a language model, streaming its answer piece by piece.

    It is not a model: it quotes the top passages. A real service would send
    the prompt (the question and these passages) to a model server (vLLM,
    TGI, a hosted LLM API) over HTTP and relay the stream it sends back, the
    same way, piece by piece."""
    if passages:
        quoted = " ".join(
            f"[{p['title']}] {p['text'][:160]}" for p in passages[:2]
        )
        text = f"(Stand-in model, quoting the site) You asked: {q}\n{quoted}"
    else:
        text = (
            f"(Stand-in model) You asked: {q}\nNo sources: the search found "
            "nothing, or did not answer in time. A real model would answer "
            "from what it knows and say that it cites nothing."
        )
    for piece in PIECE.findall(text):
        await asyncio.sleep(WORD_DELAY)  # a model takes its time per token
        yield piece


# --- the edge to the user: Server-Sent Events --------------------------------

SSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
    b"Cache-Control: no-cache\r\nConnection: close\r\n\r\n"
)


def sse(data: dict, event: str | None = None) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def stream_answer(writer, pieces, done: dict) -> None:
    """Send each piece as soon as it exists; the last event names the sources.
    drain() waits while the client is slow, and raises if it has gone."""
    writer.write(SSE_HEAD)
    async for piece in pieces:
        writer.write(sse({"delta": piece}))
        await writer.drain()
    writer.write(sse(done, event="done"))
    await writer.drain()


async def ask(writer, params: dict) -> None:
    q = question(params)
    search_delay, rerank_delay = (
        knob(params, "search_delay"),
        knob(params, "rerank_delay"),
    )
    notices: list[str] = []
    hits = await retrieve(q, language(q), search_delay, notices)
    ranked = (await rerank(q, hits, rerank_delay, notices))[:4]
    pages = sorted({hit["page"].split("#")[0] for hit in ranked})
    try:  # a large, slow job for tool-exec: publish it and move on
        task = await in_thread(publish_snapshot, json.dumps(pages))
    except Exception as failed:  # noqa: BLE001 - the answer matters more
        task, notices = None, [*notices, f"queue: {failed!r}"]
    sources = []  # each cited section once, best first
    for hit in ranked:
        cited = {"page": hit["page"], "title": hit["title"]}
        sources += [cited] if cited not in sources else []
    done = {"sources": sources, "notices": notices, "task": task}
    await stream_answer(writer, stand_in_llm(q, ranked), done)


def publish_snapshot(pages: str) -> int:
    return publish(_queue(), "snapshot", pages, 10.0)


def question(params: dict) -> str:
    q = " ".join(params.get("q", [""])).strip()
    if not q:
        raise BadRequest("empty question: ask with /ask?q=your+question")
    if len(q) > MAX_QUESTION:
        raise BadRequest(
            f"question too long: {len(q)} characters, at most {MAX_QUESTION}"
        )
    return q


def knob(params: dict, name: str) -> float:
    try:
        return min(max(float(params.get(name, ["0"])[0]), 0.0), 5.0)
    except ValueError:
        raise BadRequest(f"{name} must be a number of seconds") from None


# --- health, tasks, kill -----------------------------------------------------


async def service_pid(service: str) -> int | None:
    if service == "orchestrator":
        return os.getpid()
    if service == "tool-exec":
        row = await in_thread(heartbeat_row)
        return (
            row[0] if row and time.time() - row[1] < HEARTBEAT_STALE else None
        )
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", PORTS[service]), 0.5
        )
        try:
            writer.write(
                b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            response = await asyncio.wait_for(reader.read(), 0.5)
        finally:
            writer.close()
        return json.loads(response.partition(b"\r\n\r\n")[2])["pid"]
    except (OSError, ValueError, KeyError, asyncio.TimeoutError):
        return None


def heartbeat_row():
    return (
        _queue()
        .execute("SELECT pid, at FROM heartbeat WHERE service = 'tool-exec'")
        .fetchone()
    )


async def pids() -> dict:
    found = await asyncio.gather(*(service_pid(s) for s in SERVICES))
    return dict(zip(SERVICES, found, strict=True))


async def health() -> dict:
    return {
        s: "down" if pid is None else "up" for s, pid in (await pids()).items()
    }


async def kill(params: dict) -> dict:
    service = params.get("service", [""])[0]
    pid = (await pids()).get(service)
    if pid is None:
        raise BadRequest(f"no running service named {service!r}")
    if pid == os.getpid():  # answer first, then die
        asyncio.get_running_loop().call_later(0.2, os.kill, pid, KILL)
    else:
        os.kill(pid, KILL)
    log("orchestrator", f"killed {service} (pid {pid}) on request")
    return {"killed": service, "pid": pid}


def read_task(task_id: int) -> dict:
    """The task's row; once done, the result redeemed from its claim check."""
    info = task_info(_queue(), task_id)
    if info is None:
        raise BadRequest(f"no task {task_id}")
    if info["result_key"]:
        data = get_object(STATE, info["result_key"])
        info["size"] = len(data)
        info["preview"] = data[:300].decode(errors="replace")
    return info


def new_task(params: dict) -> dict:
    tool = params.get("tool", [""])[0]
    if tool not in ("snapshot", "sleep", "hang", "crash"):
        raise BadRequest("tool must be one of snapshot, sleep, hang, crash")
    arg = params.get("arg", ["1" if tool == "sleep" else "[]"])[0]
    timeout = knob(params, "timeout") or 5.0
    return {"task": publish(_queue(), tool, arg, timeout)}


# --- the HTTP server ---------------------------------------------------------


def reply(
    status: int, payload, content_type: str = "application/json"
) -> bytes:
    body = (
        payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    )
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Error"}[
        status
    ]
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


async def route(method: str, target: str, writer) -> bytes | None:
    url = urlsplit(target)
    try:
        params = parse_qs(url.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("the query is not valid UTF-8") from None
    if (method, url.path) == ("GET", "/"):
        page = (HERE / "page.html").read_bytes()
        return reply(200, page, "text/html; charset=utf-8")
    if (method, url.path) == ("GET", "/health"):
        return reply(200, await health())
    if (method, url.path) == ("GET", "/ask"):
        await ask(writer, params)
        return None
    if (method, url.path) == ("POST", "/task"):
        return reply(200, await in_thread(new_task, params))
    if (method, url.path) == ("GET", "/task"):
        try:
            task_id = int(params.get("id", [""])[0])
        except ValueError:
            raise BadRequest("id must be a task number") from None
        return reply(200, await in_thread(read_task, task_id))
    if (method, url.path) == ("POST", "/kill"):
        return reply(200, await kill(params))
    return reply(404, {"error": f"no such page: {method} {url.path}"})


async def handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        method, target, _ = (
            head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        )
        response = await route(method, target, writer)
    except BadRequest as bad:
        response = reply(400, {"error": str(bad)})
    except (asyncio.LimitOverrunError, ValueError):
        response = reply(400, {"error": "request too long or malformed"})
    except (
        asyncio.IncompleteReadError,
        asyncio.TimeoutError,
        ConnectionError,
    ):
        response = None  # the client went away: nothing to say
    except Exception as bug:  # noqa: BLE001 - one request's bug, not the server's
        log("orchestrator", f"error: {bug!r}")
        response = reply(500, {"error": repr(bug)})
    try:
        if response:
            writer.write(response)
            await writer.drain()
        writer.close()
    except ConnectionError:
        pass


async def serve(port: int) -> None:
    server = await asyncio.start_server(
        handle, "127.0.0.1", port, limit=2**18, backlog=256
    )
    log(
        "orchestrator",
        f"listening on http://127.0.0.1:{port}/ (pid {os.getpid()})",
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    global STATE
    args = service_args(sys.argv)
    quiet_interrupts()
    exit_with_parent("orchestrator")
    STATE = Path(args["state"])
    PORTS.update(
        {
            "vector-search": int(args["search_port"]),
            "rerank": int(args["rerank_port"]),
        }
    )
    asyncio.run(serve(int(args["port"])))


if __name__ == "__main__":
    main()
