"""Accounts with their own locks; `transfer` locks the source account, then the destination.

Inversion: one thread transfers alice -> bob while the other transfers bob -> alice, so the two
accounts' locks are taken in both orders (both inner acquisitions are the same line).
"""
# concur-case: known-miss `self.lock` and `other.lock` of two accounts are one abstract lock (unification merges the accounts); the inversion needs per-call-site lock identity
import threading
import time


class Account:
    def __init__(self, name, balance):
        self.name = name
        self.balance = balance
        self.lock = threading.Lock()

    def transfer(self, other, amount):
        with self.lock:
            with other.lock:  # expect: CC203
                self.balance -= amount
                other.balance += amount


def pay(src, dst, amount, delay):
    time.sleep(delay)
    src.transfer(dst, amount)


def main():
    alice = Account("alice", 100)
    bob = Account("bob", 100)
    threads = [threading.Thread(target=pay, args=(alice, bob, 10, 0.0)),
               threading.Thread(target=pay, args=(bob, alice, 5, 0.01))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(alice.balance, bob.balance)


if __name__ == "__main__":
    main()
