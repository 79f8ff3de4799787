"""CPU-bound work with small arguments in a process pool: processes fit."""
from concurrent.futures import ProcessPoolExecutor


def collatz_max(limit):
    best = 0
    for n in range(1, limit):
        steps = 0
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        best = max(best, steps)
    return best


if __name__ == "__main__":
    with ProcessPoolExecutor() as ex:
        print(list(ex.map(collatz_max, [100_000, 200_000, 300_000, 400_000])))
