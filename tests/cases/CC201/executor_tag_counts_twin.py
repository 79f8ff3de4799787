"""Count tags of blog posts with a ThreadPoolExecutor of ONE worker.

No race: with max_workers=1 all tasks run one after the other in the single worker thread, and
the main thread reads `tag_counts` only after the `with` block has shut the pool down (joined
the worker). Only one thread ever updates the dict at a time.
"""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

tag_counts = Counter()


def count_tags(post):
    for tag in post["tags"]:
        tag_counts[tag] += 1


def main():
    posts = [{"tags": ["python", "threads"] if i % 2 else ["c", "locks"]} for i in range(5000)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        list(pool.map(count_tags, posts))
    print(tag_counts.most_common(2))


if __name__ == "__main__":
    main()
