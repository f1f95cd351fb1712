"""The three start methods (fork, spawn, forkserver) and what it means that
spawn and forkserver children import the main module again."""

import multiprocessing as mp

# Module-level code runs again in every process that imports this file.
# flush=True: a forkserver keeps unflushed output and its children would
# print it again.
print("module level runs, __name__ =", repr(__name__), flush=True)
setting = "default"


def child(method):
    print(f"  child ({method}): module {__name__!r}, setting = {setting!r}")


if __name__ == "__main__":
    setting = "changed by parent before start"
    for method in ("fork", "spawn", "forkserver"):
        print(f"--- {method}")
        if method not in mp.get_all_start_methods():
            print("  not available on this platform")
            continue
        ctx = mp.get_context(method)  # only for these processes
        p = ctx.Process(target=child, args=(method,))
        p.start()
        p.join()
    # fork copies the parent as it is now: same module, changed setting.
    # spawn starts a fresh Python that imports this file as '__mp_main__', so
    # the module-level print runs again and setting is back to "default".
    # forkserver imports it once, in the server process that forks children.
    # The `if __name__ == "__main__":` guard keeps children from running it.
