"""The same pool, but each score loops three times: nothing worth a thread pool or a process.

The twin of score_pool_map.py: range(3) instead of range(10**7). Serial code fits."""
from concurrent.futures import ThreadPoolExecutor

ROUNDS = 3


def score(seed):
    total = 0
    for i in range(ROUNDS):
        total += (i * seed) % 7
    return total


def main():
    seeds = [1, 2, 3, 4]
    with ThreadPoolExecutor(max_workers=4) as ex:
        # expect-advice: serial
        results = list(ex.map(score, seeds))
    print(results)


if __name__ == "__main__":
    main()
