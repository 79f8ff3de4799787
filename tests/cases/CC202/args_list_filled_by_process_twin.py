"""The parent hands a Manager list proxy to a Process through args=; the child's appends go to
the manager process and the parent sees them."""
import multiprocessing


def scan(folder, found):
    import os

    for name in os.listdir(folder):
        if name.endswith(".log"):
            found.append(name)


def main():
    with multiprocessing.Manager() as manager:
        found = manager.list()
        p = multiprocessing.Process(target=scan, args=("/var/log", found))
        p.start()
        p.join()
        print(list(found))


if __name__ == "__main__":
    main()
