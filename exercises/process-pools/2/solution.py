"""Ask a process pool for a few answers; give up on the one that hangs."""

import multiprocessing
import time


def answer(question):
    if question == "halting":
        time.sleep(3600)  # stands in for a task that is stuck for good
    return f"{question}: {len(question)} letters"


def ask_all(questions, timeout):
    """Ask every question at once. Return ({question: answer} for the
    answers that came within `timeout` s of the start, the questions left
    unanswered, in order), with every worker process ended."""
    deadline = time.monotonic() + timeout
    answers = {}
    # Leaving the `with` calls pool.terminate(): it kills the stuck worker.
    with multiprocessing.Pool(processes=2) as pool:
        pending = {q: pool.apply_async(answer, (q,)) for q in questions}
        for question, result in pending.items():
            left = max(0.0, deadline - time.monotonic())
            try:
                answers[question] = result.get(timeout=left)
            except multiprocessing.TimeoutError:
                pass
    unanswered = [q for q in questions if q not in answers]
    return answers, unanswered


if __name__ == "__main__":
    answers, unanswered = ask_all(["life", "halting", "universe"], 6.0)
    for reply in answers.values():
        print(reply)
    print("unanswered:", ", ".join(unanswered))
