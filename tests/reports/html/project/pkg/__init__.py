"""A package that starts processes when imported."""
from multiprocessing import Pool

POOL = Pool(2)
