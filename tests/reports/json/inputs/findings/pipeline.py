"""A producer and a consumer process wired by a queue, started at import time."""
import multiprocessing


def produce(q, n):
    for i in range(n):
        q.put(i * i)
    q.put(None)


def consume(q):
    total = 0
    while (item := q.get()) is not None:
        total += item
    print("total", total)


queue = multiprocessing.Queue()
producer = multiprocessing.Process(target=produce, args=(queue, 1000))
consumer = multiprocessing.Process(target=consume, args=(queue,))
producer.start()
consumer.start()
producer.join()
consumer.join()
