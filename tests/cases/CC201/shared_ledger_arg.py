"""Regional sales threads post into one Ledger object handed to each of them in `args`.

Race: all threads receive the same `ledger`; `ledger.total += amount` is a read-modify-write of
one attribute of that shared object, and no thread holds a lock.
"""
import threading


class Ledger:
    def __init__(self):
        self.total = 0
        self.lock = threading.Lock()


def post_sales(ledger, amounts):
    for amount in amounts:
        ledger.total += amount  # expect: CC201


def main():
    ledger = Ledger()
    regions = {"north": [5] * 2000, "south": [7] * 2000, "east": [3] * 2000}
    threads = [threading.Thread(target=post_sales, args=(ledger, sales))
               for sales in regions.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("total", ledger.total)


if __name__ == "__main__":
    main()
