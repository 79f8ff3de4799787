"""A small search index that tokenises documents in worker processes."""
import re
from concurrent.futures import ProcessPoolExecutor


class Indexer:
    def __init__(self, workers=4, stopwords=()):
        self.workers = workers
        self.stopwords = frozenset(stopwords)

    def build(self, docs):
        stop = self.stopwords

        def tokens(doc):
            return [w for w in re.findall(r"\w+", doc.lower()) if w not in stop]

        index = {}
        with ProcessPoolExecutor(self.workers) as ex:
            for doc_id, words in enumerate(ex.map(tokens, docs)):  # expect: CC302
                for w in words:
                    index.setdefault(w, set()).add(doc_id)
        return index


if __name__ == "__main__":
    print(Indexer(stopwords=["the"]).build(["The cat", "the dog and the cat"]))
