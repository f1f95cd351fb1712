"""Fetch pages through a pool of 8 threads, at most `limit` at once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch, limit):
    """Return [fetch(url) for url in urls], fetched by a pool of 8
    threads, with at most `limit` calls to fetch() running at once."""
    # The pool is 8 threads; a Semaphore lets only `limit` of them in.
    gate = threading.Semaphore(limit)

    def fetch_when_let_in(url):
        with gate:
            return fetch(url)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(fetch_when_let_in, urls))


class Server:
    """A pretend server that remembers how many requests it served at
    once."""

    def __init__(self):
        self.busy = self.most_busy = 0
        self._lock = threading.Lock()

    def fetch(self, url):
        with self._lock:
            self.busy += 1
            self.most_busy = max(self.most_busy, self.busy)
        time.sleep(0.1)  # the network
        with self._lock:
            self.busy -= 1
        return f"<page {url}>"


if __name__ == "__main__":
    server = Server()
    pages = fetch_all([f"/{n}" for n in range(6)], server.fetch, limit=2)
    print(len(pages), "pages, the first:", pages[0])
    print("at most 2 at once:", "yes" if server.most_busy <= 2 else "no")
