"""A bank account whose deposit and withdrawal loops run as threads (bound methods as targets).

No race: both methods update `self.balance` inside `with self._lock:`, and both threads run on
the same Account, so they hold the same lock object.
"""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.Lock()

    def deposit_many(self, amount, times):
        for _ in range(times):
            with self._lock:
                self.balance += amount

    def withdraw_many(self, amount, times):
        for _ in range(times):
            with self._lock:
                self.balance -= amount


def main():
    account = Account(1000)
    payday = threading.Thread(target=account.deposit_many, args=(10, 10000))
    rent = threading.Thread(target=account.withdraw_many, args=(10, 10000))
    payday.start()
    rent.start()
    payday.join()
    rent.join()
    print("balance", account.balance)


if __name__ == "__main__":
    main()
