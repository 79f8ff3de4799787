"""Accounts with their own locks; `transfer` locks the source account, then the destination.

No inversion: both threads transfer from alice to bob, so alice's lock is always taken first.
"""
import threading
import time


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()

    def transfer(self, other, amount):
        with self.lock:
            with other.lock:
                self.balance -= amount
                other.balance += amount


def pay(src, dst, amount, delay):
    time.sleep(delay)
    src.transfer(dst, amount)


def main():
    alice = Account("alice", 100)
    bob = Account("bob", 100)
    threads = [threading.Thread(target=pay, args=(alice, bob, 10, 0.0)),
               threading.Thread(target=pay, args=(alice, bob, 5, 0.01))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(alice.balance, bob.balance)


if __name__ == "__main__":
    main()
