"""Indexer objects (a Thread subclass) add the number of words of their documents to a global.

No race: this debugging build calls `indexer.run()` directly instead of `indexer.start()`. A
Thread object that is never started runs nothing in a new thread; `run()` is then an ordinary
method call on the main thread, so the indexers run one after the other.
"""
import threading

words_indexed = 0


class Indexer(threading.Thread):
    def __init__(self, docs):
        super().__init__(name="indexer")
        self.docs = docs

    def run(self):
        global words_indexed
        for doc in self.docs:
            words = doc.split()
            words_indexed += len(words)


def build_index(corpus, nworkers=3):
    shards = [corpus[i::nworkers] for i in range(nworkers)]
    indexers = [Indexer(shard) for shard in shards]
    for indexer in indexers:
        indexer.run()
    return words_indexed


if __name__ == "__main__":
    print(build_index(["the cat sat", "on the mat", "and slept"] * 100))
