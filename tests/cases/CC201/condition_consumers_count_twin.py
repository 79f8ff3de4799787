"""Producer/consumer over a list guarded by a threading.Condition.

No race: the consumers count what they consumed INSIDE `with cond:`, so every
`consumed += 1` holds the condition's lock (cond.wait() releases it while waiting and re-acquires
it before returning).
"""
import threading

items = []
consumed = 0
cond = threading.Condition()


def producer(n):
    for i in range(n):
        with cond:
            items.append(i)
            cond.notify()


def consumer(n):
    global consumed
    for _ in range(n):
        with cond:
            while not items:
                cond.wait()
            items.pop(0)
            consumed += 1


def main():
    threads = [threading.Thread(target=producer, args=(2000,)),
               threading.Thread(target=consumer, args=(1000,)),
               threading.Thread(target=consumer, args=(1000,))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(consumed, "consumed")


if __name__ == "__main__":
    main()
