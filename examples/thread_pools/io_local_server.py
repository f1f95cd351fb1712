"""A ThreadPoolExecutor speeds up I/O-bound work: requests to a slow local
HTTP server overlap while each thread waits for its answer."""

import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = 0.1  # seconds the server takes per request


class SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(DELAY)  # stands in for a slow database or remote API
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass  # no request log on stderr


class Server(ThreadingHTTPServer):
    # 8 requests arrive at once; with the default backlog of 5 a busy
    # machine drops some connections, and each retry waits a whole second.
    request_queue_size = 16


# An opener without proxies: a proxy set in the environment must not
# intercept requests to 127.0.0.1.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url):
    with opener.open(url, timeout=5) as response:
        return response.read().decode()


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), SlowHandler)  # port 0: any free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [
        f"http://127.0.0.1:{server.server_port}/item/{i}" for i in range(8)
    ]
    try:
        start = time.perf_counter()
        one_by_one = [fetch(url) for url in urls]
        t_seq = time.perf_counter() - start

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            pooled = list(pool.map(fetch, urls))  # results in input order
        t_pool = time.perf_counter() - start
    finally:
        server.shutdown()
        server.server_close()

    print("responses:", pooled[:3], "...", pooled[-1])
    print("same responses as one by one:", pooled == one_by_one)
    # 8 waits of 0.1 s: about 0.8 s one by one, about 0.1 s in 8 threads.
    # Times vary, so stdout shows a verdict with a wide margin (3x).
    print(
        "thread pool at least 3x faster:",
        "yes" if t_seq >= 3 * t_pool else "no",
    )
    print(
        f"one by one {t_seq:.2f} s, thread pool {t_pool:.2f} s",
        file=sys.stderr,
    )
