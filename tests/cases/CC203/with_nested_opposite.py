"""An inventory service with two locks: the restock thread nests `with stock_lock:` then
`with orders_lock:`, the fulfilment thread nests them the other way round.

Inversion: if restock holds stock_lock while fulfilment holds orders_lock, each waits for the
other forever. Reported at the inner `with` of the later function.
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
    with orders_lock:
        orders.append("shipped")
        with stock_lock:  # expect: CC203
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
