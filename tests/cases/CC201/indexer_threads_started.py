"""Indexer threads (a Thread subclass) add the number of words of their documents to a global.

Race: the indexers are started with `.start()`, so their `run()` methods execute at the same
time, and `words_indexed += len(words)` is a read-modify-write with no lock.
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
            words_indexed += len(words)  # expect: CC201


def build_index(corpus, nworkers=3):
    shards = [corpus[i::nworkers] for i in range(nworkers)]
    indexers = [Indexer(shard) for shard in shards]
    for indexer in indexers:
        indexer.start()
    for indexer in indexers:
        indexer.join()
    return words_indexed


if __name__ == "__main__":
    print(build_index(["the cat sat", "on the mat", "and slept"] * 100))
