"""python -m <package> NAME...: print the length of each name, in the workers.
A package's __main__ is exempt: spawned children do not re-run it."""
import sys

from .workers import start_workers

POOL = start_workers(2)
print(POOL.map(len, sys.argv[1:]))
