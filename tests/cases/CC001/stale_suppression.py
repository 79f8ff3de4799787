"""A suppression left behind after the lambda became a module-level function."""
from concurrent.futures import ProcessPoolExecutor


def halve(x):
    return x / 2


def main(values):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(halve, values))  # concur: ignore[CC302]  # expect: CC001


if __name__ == "__main__":
    main([1, 2, 3])
