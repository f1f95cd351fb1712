"""Checks for the exercise threads/2: a deadlock from lock order.

Run: python check.py [FILE.py] (starter.py by default).
"""

import threading

import checklib

# How long (s) a transfer holding its first lock waits for the other to
# hold one too: far longer than a thread takes to start.
MEETING_WAIT = 3.0
# How long (s) a transfer waits for a lock before it counts as deadlocked:
# longer than a meeting that never comes.
GIVE_UP = 8.0


class Meeting:
    """Makes two transfers meet in the worst order: each, once it holds its
    first lock, waits (up to MEETING_WAIT) for the other to hold one."""

    def __init__(self):
        self.barrier = threading.Barrier(2)
        self.done = threading.local()
        self.deadlocked = []


class ForcingLock:
    """An account's lock, for the probe: the first lock a thread takes
    waits at the meeting; a wait for a lock past GIVE_UP is a deadlock."""

    def __init__(self, meeting):
        self._lock = threading.Lock()
        self._meeting = meeting

    def acquire(self, blocking=True, timeout=-1):
        if blocking and timeout == -1:
            if not self._lock.acquire(timeout=GIVE_UP):
                self._meeting.deadlocked.append(True)
                raise RuntimeError("deadlocked")
        elif not self._lock.acquire(blocking, timeout):
            return False
        if not getattr(self._meeting.done, "met", False):
            self._meeting.done.met = True
            try:
                self._meeting.barrier.wait(timeout=MEETING_WAIT)
            except threading.BrokenBarrierError:
                pass  # the other transfer waits for this lock: no meeting
        return True

    def release(self):
        self._lock.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()


def probe(student):
    """Runs in a fresh process, with the student's file imported: alice
    pays bob 10 while bob pays alice 5, meeting in the worst order."""
    meeting = Meeting()
    alice = student.Account("alice", 100)
    bob = student.Account("bob", 100)
    alice.lock, bob.lock = ForcingLock(meeting), ForcingLock(meeting)

    def pay(source, target, amount):
        try:
            student.transfer(source, target, amount)
        except RuntimeError:
            pass  # deadlocked: ForcingLock gave up

    payers = [
        threading.Thread(target=pay, args=(alice, bob, 10)),
        threading.Thread(target=pay, args=(bob, alice, 5)),
    ]
    for payer in payers:
        payer.start()
    for payer in payers:
        payer.join()
    return {
        "deadlocked": bool(meeting.deadlocked),
        "balances": [alice.balance, bob.balance],
    }


def checks(result):
    yield "prints-balances", result.lines == ["alice 1000 bob 1000"]
    yield "no-deadlock", result.facts.get("deadlocked") is False
    yield "both-transfers", result.facts.get("balances") == [95, 105]


if __name__ == "__main__":
    checklib.main(__file__, checks)
