"""Predict the order of the lines: a task in a thread pool raises. When does
the program hear of it?"""

from concurrent.futures import ThreadPoolExecutor


def parse(text):
    return int(text)


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=2) as pool:
        good = pool.submit(parse, "42")
        bad = pool.submit(parse, "forty-two")
        print("submitted both")
    print("the with block ended")
    print("good:", good.result())
    try:
        bad.result()
    except ValueError as error:
        print("bad raised:", error)
