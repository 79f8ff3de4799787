"""A small search index that tokenises documents in worker processes."""
import re
from concurrent.futures import ProcessPoolExecutor


def tokens(doc, stop):
    return [w for w in re.findall(r"\w+", doc.lower()) if w not in stop]


class Indexer:
    def __init__(self, workers=4, stopwords=()):
        self.workers = workers
        self.stopwords = frozenset(stopwords)

    def build(self, docs):
        stop = self.stopwords
        index = {}
        with ProcessPoolExecutor(self.workers) as ex:
            for doc_id, words in enumerate(ex.map(tokens, docs, [stop] * len(docs))):
                for w in words:
                    index.setdefault(w, set()).add(doc_id)
        return index


if __name__ == "__main__":
    print(Indexer(stopwords=["the"]).build(["The cat", "the dog and the cat"]))
