"""Each process has its own memory: a child's changes never reach
the parent."""

import multiprocessing as mp

counter = 0  # a module-level global
items = []


def child(settings):
    global counter
    counter += 100
    items.append("added in child")
    settings["mode"] = "changed in child"  # settings is a pickled copy
    print("child:  counter =", counter, "items =", items)
    print("        settings =", settings)


if __name__ == "__main__":
    settings = {"mode": "original"}
    p = mp.Process(target=child, args=(settings,))
    p.start()
    p.join()
    print("parent: counter =", counter, "items =", items)
    print("        settings =", settings)
    print(
        "to get data back, use IPC: a Pipe, a Queue, shared memory or a socket"
    )
