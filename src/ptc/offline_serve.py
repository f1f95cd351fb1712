"""Serve the offline copy of the site on this computer: for a class with
no internet. Needs only Python 3.10 or newer (no packages).

    python serve.py              serves ./site at http://127.0.0.1:8000/
    python serve.py --port 0     any free port
    python serve.py --host 0.0.0.0
                                 also reachable from other computers on the
                                 class network (there, Stop restarts Python
                                 instead of interrupting it: browsers give
                                 that only to https or to this computer)

The first line printed is the address to open. Ctrl+C stops the server.

The pages are served cross-origin isolated (COOP/COEP), so Stop can
interrupt busy code from the first visit. This file is the site's own
rule for that: ptc.site serves the tests with the same headers, and the
offline bundle (ptc.offline) ships this file as serve.py.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}
# Explicit types: Windows' registry can make .js text/plain, and Python 3.10
# does not know .mjs; a module script with the wrong type does not run.
MIME_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".html": "text/html",
    ".zip": "application/zip",
    # The zh downloads and the lab's READMEs hold Chinese: without a
    # charset, a browser that opens one shows it as Latin-1.
    ".py": "text/x-python; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


class IsolatedHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **MIME_TYPES,
    }
    extra_headers = ISOLATION_HEADERS

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the teacher's terminal shows the address, not every file


class Server(http.server.ThreadingHTTPServer):
    """A browser that leaves a page while a file is still coming (Pyodide's
    8 MB) drops the connection; that is no error, so no traceback."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--dir", type=Path, default=Path(__file__).resolve().parent / "site"
    )
    args = parser.parse_args(argv)
    if not (args.dir / "index.html").is_file():
        print(
            f"error: {args.dir} has no index.html:"
            " is the site folder beside this file?",
            file=sys.stderr,
        )
        return 2
    handler = functools.partial(IsolatedHandler, directory=str(args.dir))
    try:
        server = Server((args.host, args.port), handler)
    except OSError as err:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {err.strerror}"
            " (try --port 0)",
            file=sys.stderr,
        )
        return 2
    host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    print(f"http://{host}:{server.server_address[1]}/", flush=True)
    print("Ctrl+C stops the server. / 按 Ctrl+C 停止。", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
