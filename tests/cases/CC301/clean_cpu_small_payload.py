"""CPU-bound tasks with a number as their only argument: processes fit, nothing to move."""
from concurrent.futures import ProcessPoolExecutor


def count_primes(limit):
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


if __name__ == "__main__":
    with ProcessPoolExecutor(4) as ex:
        print(list(ex.map(count_primes, [50_000, 60_000, 70_000, 80_000])))
