"""Convert prices with a module-level function: pickled by its qualified name."""
import concurrent.futures as cf

RATE = 1.08


def convert(price):
    return round(price * RATE, 2)


def convert_all(prices):
    with cf.ProcessPoolExecutor() as ex:
        return list(ex.map(convert, prices, chunksize=256))


if __name__ == "__main__":
    print(convert_all([9.99, 19.5, 3.0]))
