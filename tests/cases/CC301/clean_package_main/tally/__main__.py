"""`python -m tally FILE...`: one task per file, each worker reads its own file."""
import sys
from concurrent.futures import ProcessPoolExecutor

from .count import count_words

with ProcessPoolExecutor() as ex:
    for path, n in zip(sys.argv[1:], ex.map(count_words, sys.argv[1:])):
        print(path, n)
