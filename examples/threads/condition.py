"""A Condition lets threads wait until shared state is what they need:
here two threads take strict turns."""

import threading

cond = threading.Condition()
turn = "ping"


def player(me, other, rounds):
    global turn
    for i in range(rounds):
        with cond:
            # Sleeps with the lock released; re-checks after every wake-up.
            cond.wait_for(lambda: turn == me)
            print(f"{me} {i}")
            turn = other
            cond.notify_all()  # wake the other player


if __name__ == "__main__":
    # Daemon threads: Ctrl+C ends the program even while a player waits.
    threads = [
        threading.Thread(target=player, args=("pong", "ping", 3), daemon=True),
        threading.Thread(target=player, args=("ping", "pong", 3), daemon=True),
    ]
    for t in threads:  # pong starts first, but must wait for its turn
        t.start()
    for t in threads:
        t.join()
