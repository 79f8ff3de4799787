"""Resize images with multiprocessing.pool.ThreadPool, counting results in a shared dict.

Race: ThreadPool workers are threads of this process, all updating the same `stats` dict.
`stats[key] += 1` reads the item, adds, and stores it back: a read-modify-write with no lock.
"""
from multiprocessing.pool import ThreadPool

stats = {"resized": 0, "skipped": 0}


def resize(size):
    width, height = size
    if width < 64 or height < 64:
        key = "skipped"
    else:
        key = "resized"
    stats[key] += 1  # expect: CC201
    return (width // 2, height // 2)


def main():
    sizes = [(w, h) for w in range(32, 512, 32) for h in range(32, 512, 64)]
    with ThreadPool(4) as pool:
        thumbs = pool.map(resize, sizes)
    print(len(thumbs), stats)


if __name__ == "__main__":
    main()
