"""Count tags of blog posts with a ThreadPoolExecutor of four workers.

Race: `tag_counts[tag] += 1` is a read-modify-write of the shared dict, run by up to four
worker threads at once, with no lock.
"""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

tag_counts = Counter()


def count_tags(post):
    for tag in post["tags"]:
        tag_counts[tag] += 1  # expect: CC201


def main():
    posts = [{"tags": ["python", "threads"] if i % 2 else ["c", "locks"]} for i in range(5000)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(count_tags, posts))
    print(tag_counts.most_common(2))


if __name__ == "__main__":
    main()
