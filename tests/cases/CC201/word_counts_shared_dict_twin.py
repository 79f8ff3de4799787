"""Word frequency over several files, one thread per file, handing words over a queue.Queue.

No race: the reader threads only `put` words on the queue (a thread-safe hand-off); the counting
dict is updated by the main thread alone, which drains the queue. Only one thread ever touches
`counts`, so there is nothing to race with.
"""
import queue
import threading
from collections import defaultdict

counts = defaultdict(int)
words = queue.Queue()
DONE = None


def read_words(text):
    for word in text.split():
        words.put(word.lower())
    words.put(DONE)


def main():
    texts = ["the cat and the hat " * 500, "The dog and the log " * 500, "a cat a dog " * 500]
    threads = [threading.Thread(target=read_words, args=(text,)) for text in texts]
    for t in threads:
        t.start()
    finished = 0
    while finished < len(threads):
        word = words.get()
        if word is DONE:
            finished += 1
        else:
            counts[word] += 1
    for t in threads:
        t.join()
    print(sorted(counts.items(), key=lambda kv: -kv[1])[:3])


if __name__ == "__main__":
    main()
