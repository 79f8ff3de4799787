"""Process-pool tasks silence a deprecation warning with warnings.catch_warnings; each process
has its own filter list."""
import warnings
from concurrent.futures import ProcessPoolExecutor


def legacy_parse(text):
    warnings.warn("legacy_parse is deprecated", DeprecationWarning)
    return text.split()


def parse(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return legacy_parse(text)


def main(docs):
    with ProcessPoolExecutor() as ex:
        return list(ex.map(parse, docs))


if __name__ == "__main__":
    print(main(["a b", "c"]))
