"""Sum of squares in a worker process; the values are passed as a generator."""
from concurrent.futures import ProcessPoolExecutor


def sum_squares(values):
    return sum(values)


def main():
    readings = [3.5, 1.25, 8.0, 2.75]
    with ProcessPoolExecutor(max_workers=2) as ex:
        fut = ex.submit(sum_squares, (r * r for r in readings))  # expect: CC302
        print(fut.result())


if __name__ == "__main__":
    main()
