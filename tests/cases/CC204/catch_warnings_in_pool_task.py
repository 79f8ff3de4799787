"""Thread-pool tasks silence a deprecation warning around a legacy call with
warnings.catch_warnings, which swaps the process-wide filter list: tasks restore each other's
filters at the wrong time."""
import warnings
from concurrent.futures import ThreadPoolExecutor


def legacy_parse(text):
    warnings.warn("legacy_parse is deprecated", DeprecationWarning)
    return text.split()


def parse(text):
    with warnings.catch_warnings():  # expect: CC204 "warnings"
        warnings.simplefilter("ignore", DeprecationWarning)
        return legacy_parse(text)


def main(docs):
    with ThreadPoolExecutor() as ex:
        return list(ex.map(parse, docs))


if __name__ == "__main__":
    print(main(["a b", "c"]))
