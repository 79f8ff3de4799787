"""Workers send results back through a multiprocessing.Queue that the parent drains."""
import multiprocessing


def produce(q, n):
    for i in range(n):
        q.put(i * i)
    q.put(None)


def main():
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=produce, args=(q, 5))
    p.start()
    results = []
    while (item := q.get()) is not None:
        results.append(item)
    p.join()
    print(results)


if __name__ == "__main__":
    main()
