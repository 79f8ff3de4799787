"""A memoising helper is used by the process workers and by the parent itself: each process
fills its own memo table, and the parent only reads its own entries."""
from multiprocessing import Pool

_memo = {}


def fib(n):
    if n in _memo:
        return _memo[n]
    value = n if n < 2 else fib(n - 1) + fib(n - 2)
    _memo[n] = value
    return value


if __name__ == "__main__":
    with Pool() as pool:
        print(pool.map(fib, range(30)))
    print(fib(31))
