"""An inventory service with two locks, nested in the same order by both threads:
`with stock_lock:` outside, `with orders_lock:` inside.

No inversion: a single global order (stock before orders) cannot form a cycle.
"""
import threading
import time

stock_lock = threading.Lock()
orders_lock = threading.Lock()
stock = {"widget": 5}
orders = []


def restock():
    with stock_lock:
        stock["widget"] += 10
        with orders_lock:
            orders.append("restocked")


def fulfil():
    time.sleep(0.01)  # runs a little after the other thread
    with stock_lock:
        with orders_lock:
            orders.append("shipped")
        stock["widget"] -= 1


def main():
    threads = [threading.Thread(target=restock), threading.Thread(target=fulfil)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(stock, orders)


if __name__ == "__main__":
    main()
