"""A trap: pool tasks count into LOCAL variables and return their counts; the main thread adds
up the returned values.

No finding: `count += 1` updates a local of each call (every task has its own frame), and the
main thread's `total += n` runs in one thread only, over the futures' results.
"""
from concurrent.futures import ThreadPoolExecutor, as_completed


def count_vowels(text):
    count = 0
    for ch in text:
        if ch in "aeiou":
            count += 1
    return count


def main():
    texts = ["concurrency is not parallelism " * 200] * 8
    total = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(count_vowels, text) for text in texts]
        for fut in as_completed(futures):
            total += fut.result()
    print(total, "vowels")


if __name__ == "__main__":
    main()
