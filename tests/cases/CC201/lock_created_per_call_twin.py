"""Stock updates from several threads, protected by one module-level lock.

No race: `stock_lock` is created once, so every `with stock_lock:` in every thread uses the
same lock object and the read-modify-writes are mutually exclusive.
"""
import threading

stock = {"apple": 10000, "pear": 10000}
stock_lock = threading.Lock()


def sell(item, qty, times):
    for _ in range(times):
        with stock_lock:
            stock[item] -= qty


def main():
    clerks = [threading.Thread(target=sell, args=("apple", 1, 3000)) for _ in range(3)]
    for c in clerks:
        c.start()
    for c in clerks:
        c.join()
    print(stock)


if __name__ == "__main__":
    main()
