"""A bare ignore on a thread pool, which pickles nothing: it silences nothing."""
from concurrent.futures import ThreadPoolExecutor


def main(values):
    with ThreadPoolExecutor() as ex:
        return list(ex.map(lambda x: x / 2, values))  # concur: ignore  # expect: CC001
