"""Stock updates from several threads, "protected" by `with threading.Lock():`.

Race: the lock is created anew on every call, so each thread holds its own private lock and
none of them excludes another. `stock[item] -= qty` is a read-modify-write with no COMMON lock.
"""
import threading

stock = {"apple": 10000, "pear": 10000}


def sell(item, qty, times):
    for _ in range(times):
        with threading.Lock():
            stock[item] -= qty  # expect: CC201


def main():
    clerks = [threading.Thread(target=sell, args=("apple", 1, 3000)) for _ in range(3)]
    for c in clerks:
        c.start()
    for c in clerks:
        c.join()
    print(stock)


if __name__ == "__main__":
    main()
