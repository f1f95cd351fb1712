"""Alice and Bob pay each other from two threads: locks in one order."""

import threading


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    """Move `amount` from source to target, holding both accounts' locks."""
    # Every thread takes the two locks in the same order (by name), so no
    # two threads can each hold one and wait for the other's.
    first, second = sorted([source, target], key=lambda account: account.name)
    with first.lock:
        with second.lock:
            source.balance -= amount
            target.balance += amount


def pay(source, target, times):
    for _ in range(times):
        transfer(source, target, 1)


if __name__ == "__main__":
    alice, bob = Account("alice", 1000), Account("bob", 1000)
    payers = [
        threading.Thread(target=pay, args=(alice, bob, 20_000)),
        threading.Thread(target=pay, args=(bob, alice, 20_000)),
    ]
    for payer in payers:
        payer.start()
    for payer in payers:
        payer.join()
    print("alice", alice.balance, "bob", bob.balance)
