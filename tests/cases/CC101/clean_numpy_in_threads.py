"""Matrix products in threads: numpy releases the GIL (and BLAS is multi-threaded already)."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def product(n):
    a = np.ones((n, n))
    return np.dot(a, a).sum()


def main():
    with ThreadPoolExecutor(4) as ex:
        return list(ex.map(product, [512, 512, 512, 512]))
