"""The twin: eight long computations, which processes run in parallel."""
from multiprocessing import Pool


def add_one(x):
    return sum(i * x % 7 for i in range(10**7))


if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(add_one, range(8)))  # expect-advice: processes
