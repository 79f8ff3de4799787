"""A wallet whose private `_debit` helper must be called with the wallet's RLock held.

Race: `pay` holds the RLock and calls `fee`, which calls `_debit`; but the billing thread calls
`fee` directly, and `fee` does not take the lock. So `self.balance -= amount` in `_debit` runs
from two threads, once without the lock.
"""
import threading


class Wallet:
    def __init__(self, balance):
        self.balance = balance
        self._lock = threading.RLock()

    def pay(self, amount):
        with self._lock:
            if self.balance >= amount:
                self._debit(amount)
                self.fee(1)

    def fee(self, amount):
        self._debit(amount)

    def _debit(self, amount):
        self.balance -= amount  # expect: CC201


def shop(wallet):
    for _ in range(5000):
        wallet.pay(3)


def bill(wallet):
    for _ in range(5000):
        wallet.fee(2)


def main():
    wallet = Wallet(100000)
    shopper = threading.Thread(target=shop, args=(wallet,))
    billing = threading.Thread(target=bill, args=(wallet,))
    shopper.start()
    billing.start()
    shopper.join()
    billing.join()
    print(wallet.balance)


if __name__ == "__main__":
    main()
