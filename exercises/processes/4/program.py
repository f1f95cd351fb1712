"""Predict which lines appear: under spawn, the child process starts a new
interpreter, which imports this file before it runs greet()."""

import multiprocessing

# flush=True: each line leaves at once, so the order is the order printed,
# even when the output goes into a pipe.
print("importing the module", flush=True)


def greet():
    print("child: hello", flush=True)


if __name__ == "__main__":
    spawn = multiprocessing.get_context("spawn")  # whatever the default is
    print("parent: start", flush=True)
    child = spawn.Process(target=greet)
    child.start()
    child.join()
    print("parent: done", flush=True)
