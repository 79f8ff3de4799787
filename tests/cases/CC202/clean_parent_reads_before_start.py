"""The parent reads the configuration global before starting the workers; the workers adjust
their own copy, and the parent never reads it again."""
import multiprocessing

settings = {"level": 1}


def work(n):
    settings["level"] = n
    return n * settings["level"]


def main():
    print("starting with", settings)
    with multiprocessing.Pool(2) as pool:
        return pool.map(work, range(4))


if __name__ == "__main__":
    main()
