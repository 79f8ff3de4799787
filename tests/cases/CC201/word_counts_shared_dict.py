"""Word frequency over several files, one thread per file, counting into one shared dict.

Race: `counts[word] += 1` reads the item, adds one and stores it back; three threads do it on
the same dict with no lock, so two of them can lose an increment of the same word.
"""
import threading
from collections import defaultdict

counts = defaultdict(int)


def count_words(text):
    for word in text.split():
        counts[word.lower()] += 1  # expect: CC201


def main():
    texts = ["the cat and the hat " * 500, "The dog and the log " * 500, "a cat a dog " * 500]
    threads = [threading.Thread(target=count_words, args=(text,)) for text in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sorted(counts.items(), key=lambda kv: -kv[1])[:3])


if __name__ == "__main__":
    main()
