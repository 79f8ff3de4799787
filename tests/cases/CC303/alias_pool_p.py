"""Tokenise a corpus with a pool imported under a short alias, at module level."""
import sys
from multiprocessing import Pool as P


def tokenize_line(line):
    return line.split()


with open(sys.argv[1], encoding="utf-8") as fh:
    corpus = fh.readlines()
workers = P(processes=4)  # expect: CC303
tokens = workers.map(tokenize_line, corpus, chunksize=100)
workers.close()
print(sum(map(len, tokens)))
