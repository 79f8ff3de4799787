"""python -m <package> NAME...: print the length of each name, in the workers."""
import sys

from . import POOL

print(POOL.map(len, sys.argv[1:]))
