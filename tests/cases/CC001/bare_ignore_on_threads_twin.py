"""The same bare ignore on a process pool silences the unpicklable lambda."""
from concurrent.futures import ProcessPoolExecutor


def main(values):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(lambda x: x / 2, values))  # concur: ignore


if __name__ == "__main__":
    main([1])
