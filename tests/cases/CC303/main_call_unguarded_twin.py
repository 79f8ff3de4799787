"""Hash files in parallel; main() is called under the main guard."""
import argparse
import hashlib
import multiprocessing


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return path, h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+")
    ap.add_argument("-j", "--jobs", type=int, default=multiprocessing.cpu_count())
    args = ap.parse_args()
    with multiprocessing.Pool(args.jobs) as pool:
        for path, hexdigest in pool.imap_unordered(digest, args.files):
            print(hexdigest, path)


if __name__ == "__main__":
    main()
