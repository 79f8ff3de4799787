"""Search files for a needle in worker processes; each worker returns whether it found it and
the parent collects the results. The global is only set in the parent."""
import concurrent.futures

FOUND = False


def search(path, needle=b"TODO"):
    with open(path, "rb") as fh:
        return needle in fh.read()


def main(paths):
    global FOUND
    with concurrent.futures.ProcessPoolExecutor() as ex:
        futures = [ex.submit(search, p) for p in paths]
        FOUND = any(f.result() for f in futures)
    if FOUND:
        print("found")


if __name__ == "__main__":
    main(["/etc/hosts"])
