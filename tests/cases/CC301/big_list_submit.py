"""Ten million numbers built in the parent and sent to a worker process to be summed."""
from concurrent.futures import ProcessPoolExecutor


def total(values):
    return sum(values)


def main():
    data = list(range(10**7))
    with ProcessPoolExecutor(max_workers=2) as ex:
        fut = ex.submit(total, data)  # expect: CC301 "10^7 items"
        return fut.result()


if __name__ == "__main__":
    print(main())
