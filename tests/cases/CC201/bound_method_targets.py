"""A bank account whose deposit and withdrawal loops run as threads (bound methods as targets).

Race: `target=account.deposit_many` and `target=account.withdraw_many` both run on the same
Account object at once; `self.balance += ...` and `self.balance -= ...` are read-modify-writes
of the same attribute with no lock (reported at the later of the two, in withdraw_many).
"""
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance

    def deposit_many(self, amount, times):
        for _ in range(times):
            self.balance += amount

    def withdraw_many(self, amount, times):
        for _ in range(times):
            self.balance -= amount  # expect: CC201


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
