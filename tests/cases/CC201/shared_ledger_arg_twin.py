"""Regional sales threads post into one Ledger object handed to each of them in `args`.

No race: each update of `ledger.total` runs inside `with ledger.lock:`; the threads share the
ledger, so they share its lock too.
"""
import threading


class Ledger:
    def __init__(self):
        self.total = 0
        self.lock = threading.Lock()


def post_sales(ledger, amounts):
    for amount in amounts:
        with ledger.lock:
            ledger.total += amount


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
