"""rerank: CPU-bound scoring of (question, passage) pairs in a process pool.

POST /rerank {"q": ..., "passages": [{"id", "text"}, ...]} -> {"order":
[{"id", "score"}, ...]}, best first.

The score is a local alignment of the question's tokens with the passage's
(Smith-Waterman, in pure Python): slow enough to be real CPU work. Pure-Python
CPU work holds the GIL, so threads would take turns; a process pool runs the
pairs on every core. A real service would run a Cross-Encoder model here
(PyTorch releases the GIL and batches on a GPU).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from common import (
    log,
    quiet_interrupts,
    serve_json,
    service_args,
    tokens,
)


def alignment_score(question: list[str], passage: list[str]) -> float:
    """Best local alignment: +2 a match, -1 a gap or mismatch."""
    best, previous = 0, [0] * (len(passage) + 1)
    for q in question:
        row = [0]
        for j, p in enumerate(passage, start=1):
            score = max(0, previous[j - 1] + (2 if q == p else -1))
            score = max(score, previous[j] - 1, row[j - 1] - 1)
            row.append(score)
            best = max(best, score)
        previous = row
    return best / (2 * max(len(question), 1))


def score_one(q: str, text: str) -> float:
    return round(alignment_score(tokens(q)[:80], tokens(text)[:400]), 4)


def _watch_parent() -> None:
    """Runs in each pool worker: the worker ignores Ctrl+C (the service stops
    it) and exits when the rerank service is gone, even after a kill -9."""
    quiet_interrupts()
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    if os.name == "posix":
        threading.Thread(target=watch, daemon=True).start()


def new_pool() -> ProcessPoolExecutor:
    # spawn everywhere: the same on Linux, macOS and Windows, and safe to
    # start from a threaded server (fork is not).
    return ProcessPoolExecutor(
        max_workers=2,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_watch_parent,
    )


def main() -> None:
    args = service_args(sys.argv)
    quiet_interrupts()
    pool = new_pool()
    lock = threading.Lock()

    def rerank(request: dict) -> dict:
        nonlocal pool
        q, passages = str(request["q"]), request["passages"]
        texts = [str(p["text"]) for p in passages]
        try:
            scores = list(pool.map(score_one, [q] * len(texts), texts))
        except BrokenProcessPool:  # a worker died: replace the pool, once
            log("rerank", "process pool broken: starting a new one")
            with lock:
                pool = new_pool()
            scores = list(pool.map(score_one, [q] * len(texts), texts))
        pairs = zip(passages, scores, strict=True)
        order = sorted(
            ({"id": p["id"], "score": s} for p, s in pairs),
            key=lambda item: -item["score"],
        )
        return {"order": order}

    try:
        serve_json("rerank", int(args["port"]), {"/rerank": rerank})
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


if __name__ == "__main__":
    main()
