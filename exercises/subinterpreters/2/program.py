"""Predict what it prints: which of these values can pickle copy? Process
pools, and InterpreterPoolExecutor for what cannot be shared directly,
pass functions and arguments this way."""

import pickle
import threading


def square(n):
    return n * n


def can_send(value):
    try:
        pickle.dumps(value)
    except Exception:  # PicklingError, TypeError, AttributeError by version
        return "cannot be sent"
    return "can be sent"


if __name__ == "__main__":
    values = [
        ("a module-level function", square),
        ("a lambda", lambda n: n * n),
        ("a list of numbers", [1, 2, 3]),
        ("a threading.Lock", threading.Lock()),
    ]
    for name, value in values:
        print(f"{name}: {can_send(value)}")
