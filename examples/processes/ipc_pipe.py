"""Two processes talk through a Pipe.

send() pickles an object, recv() unpickles it.
"""

import multiprocessing as mp


def doubler(conn):
    while (msg := conn.recv()) is not None:  # None means "stop"
        conn.send(msg * 2)
    conn.close()


if __name__ == "__main__":
    parent_end, child_end = mp.Pipe()  # two-way by default
    # daemon: ended, not awaited, if the parent exits early (e.g. Ctrl+C)
    p = mp.Process(target=doubler, args=(child_end,), daemon=True)
    p.start()
    for msg in (21, "ab", [1, 2], (3, 4)):
        parent_end.send(msg)
        print(f"sent {msg!r:8} got back {parent_end.recv()!r}")
    parent_end.send(None)
    p.join()
    print("child exitcode:", p.exitcode)
