"""The twin: a thousand numbers, a payload of a few kilobytes."""
from concurrent.futures import ProcessPoolExecutor


def total(values):
    return sum(values)


def main():
    data = list(range(10**3))
    with ProcessPoolExecutor(max_workers=2) as ex:
        fut = ex.submit(total, data)
        return fut.result()


if __name__ == "__main__":
    print(main())
