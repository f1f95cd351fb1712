"""Ask a process pool for a few answers; one task never returns."""

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
    with multiprocessing.Pool(processes=2) as pool:
        pending = {q: pool.apply_async(answer, (q,)) for q in questions}
        answers = {q: result.get() for q, result in pending.items()}
    return answers, []


if __name__ == "__main__":
    answers, unanswered = ask_all(["life", "halting", "universe"], 6.0)
    for reply in answers.values():
        print(reply)
    print("unanswered:", ", ".join(unanswered))
