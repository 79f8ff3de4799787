"""Resize images with multiprocessing.Pool, counting results in a module-level dict.

No race: multiprocessing.Pool runs `resize` in worker PROCESSES, each with its own copy of
`stats`; no memory is shared between them (the parent's dict is not updated at all).
"""
from multiprocessing import Pool

stats = {"resized": 0, "skipped": 0}


def resize(size):
    width, height = size
    if width < 64 or height < 64:
        key = "skipped"
    else:
        key = "resized"
    stats[key] += 1
    return (width // 2, height // 2)


def main():
    sizes = [(w, h) for w in range(32, 512, 32) for h in range(32, 512, 64)]
    with Pool(4) as pool:
        thumbs = pool.map(resize, sizes)
    print(len(thumbs), stats)


if __name__ == "__main__":
    main()
