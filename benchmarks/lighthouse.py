"""Page weight and speed: Lighthouse on every page, against a bare Material
page in the same run.

Runs npm `lighthouse` 12.2.3 (mobile, the default) with Debian's Chromium on
every page of both languages, served with gzip as GitHub Pages serves them.
Prints per page: the performance and accessibility scores, the bytes loaded
before the first Run (gzipped: Pyodide and the editor load only on a Run),
the total blocking time, and the bytes and blocking time as ratios to a
one-page mkdocs-material site built and measured in the same run.

Goals (issue 12): performance >= 95, accessibility 100, at most 300 KB
before the first Run. Scores vary with the machine's load; bytes do not.

    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--pages N] [--runs N]
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

from build_time import baseline_project  # benchmarks/ is this script's path

from ptc import ROOT, offline_serve, site
from ptc.chromium import CHROMIUM, CHROMIUM_ARGS, page_paths

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
GOALS = {"performance": 95, "accessibility": 100, "kb": 300}
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", "/")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser asks, as GitHub Pages does."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and self.path.split("?")[0].endswith(COMPRESSED)):
            return super().send_head()
        if not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        pass


def serve_gzip(directory: Path):
    server = offline_serve.Server(
        ("127.0.0.1", 0),
        lambda *a, **k: GzipHandler(*a, directory=str(directory), **k),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str) -> dict:
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new"])
    result = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={flags}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "tbt": audits["total-blocking-time"]["numericValue"],
    }


def measure(url: str, runs: int) -> dict:
    results = [lighthouse(url) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--pages", type=int, help="only the first N pages per language")
    parser.add_argument("--runs", type=int, default=1, help="median of N runs a page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        built = args.site or tmp_path / "site"
        if not args.site:
            site.build(built)
        base_site = tmp_path / "baseline-site"
        site.build(base_site, config=baseline_project(tmp_path / "baseline"))
        server, url = serve_gzip(built)
        base_server, base_url = serve_gzip(base_site)
        try:
            base = measure(base_url, args.runs)
            paths = page_paths()[: args.pages] if args.pages else page_paths()
            rows = [
                (lang + path or "/", measure(url + lang + path, args.runs))
                for lang in ("", "en/")
                for path in paths
            ]
        finally:
            server.shutdown()
            base_server.shutdown()
    print(
        f"Lighthouse 12.2.3, mobile, gzip; median of {args.runs} run(s) a page; "
        f"{os.cpu_count()} cores"
    )
    header = (
        f"{'page':34} {'perf':>4} {'a11y':>4} {'KB':>6} {'xbase':>6}"
        f" {'TBT ms':>7} {'xbase':>6}  goals"
    )
    print(header)
    print(
        f"{'baseline (one Material page)':34} {base['performance']:4.0f}"
        f" {base['accessibility']:4.0f} {base['kb']:6.0f} {1:6.2f}"
        f" {base['tbt']:7.0f} {1:6.2f}"
    )
    missed = 0
    for page, r in rows:
        misses = [
            name
            for name, ok in (
                ("perf", r["performance"] >= GOALS["performance"]),
                ("a11y", r["accessibility"] >= GOALS["accessibility"]),
                ("KB", r["kb"] <= GOALS["kb"]),
            )
            if not ok
        ]
        missed += bool(misses)
        print(
            f"{page:34} {r['performance']:4.0f} {r['accessibility']:4.0f}"
            f" {r['kb']:6.0f} {r['kb'] / base['kb']:6.2f} {r['tbt']:7.0f}"
            f" {r['tbt'] / max(base['tbt'], 1):6.2f}  "
            + ("met" if not misses else "missed: " + ", ".join(misses))
        )
    print(f"{len(rows) - missed} of {len(rows)} pages meet every goal")


if __name__ == "__main__":
    main()
