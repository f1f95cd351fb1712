"""Alice and Bob pay each other from two threads: now and then it hangs."""

import threading


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, target, amount):
    """Move `amount` from source to target, holding both accounts' locks."""
    with source.lock:
        with target.lock:
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
