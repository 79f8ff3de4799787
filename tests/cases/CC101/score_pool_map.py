"""A thread pool scores four seeds; each score is a pure-Python loop of 10**7 steps.

Under the GIL the four threads take turns: the pool is no faster than a loop. Processes fit."""
from concurrent.futures import ThreadPoolExecutor

ROUNDS = 10**7


def score(seed):
    total = 0
    for i in range(ROUNDS):
        total += (i * seed) % 7
    return total


def main():
    seeds = [1, 2, 3, 4]
    with ThreadPoolExecutor(max_workers=4) as ex:
        # expect: CC101 "GIL-holding" # expect-advice: processes
        results = list(ex.map(score, seeds))
    print(results)


if __name__ == "__main__":
    main()
