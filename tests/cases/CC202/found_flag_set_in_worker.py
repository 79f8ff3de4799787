"""Search files for a needle in worker processes; a worker sets a global flag when it finds
it, and the parent tests the flag afterwards."""
import concurrent.futures

FOUND = False


def search(path, needle=b"TODO"):
    global FOUND
    with open(path, "rb") as fh:
        if needle in fh.read():
            FOUND = True  # expect: CC202


def main(paths):
    with concurrent.futures.ProcessPoolExecutor() as ex:
        for p in paths:
            ex.submit(search, p)
    if FOUND:
        print("found")


if __name__ == "__main__":
    main(["/etc/hosts"])
