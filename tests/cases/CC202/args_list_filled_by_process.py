"""The parent hands a list to a Process through args= and expects the child to fill it. Under
fork the child fills its copy; under spawn it fills an unpickled copy. Either way the parent's
list stays empty."""
import multiprocessing


def scan(folder, found):
    import os

    for name in os.listdir(folder):
        if name.endswith(".log"):
            found.append(name)  # expect: CC202


def main():
    found = []
    p = multiprocessing.Process(target=scan, args=("/var/log", found))
    p.start()
    p.join()
    print(found)


if __name__ == "__main__":
    main()
