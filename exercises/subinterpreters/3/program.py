"""Predict what it prints: main changes a global variable, then asks a
worker started with spawn to read it. A worker interpreter of
InterpreterPoolExecutor (3.14) starts out just as fresh."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

setting = "default"


def read_setting():
    return setting


if __name__ == "__main__":
    setting = "changed in main"
    print("main sees:", read_setting())
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        print("the worker sees:", pool.submit(read_setting).result())
