"""Control characters and tabs in a line that a finding shows."""
import multiprocessing


def main():
    with multiprocessing.Pool() as pool:
        return pool.map(lambda x: "[31m" + x, [""])


if __name__ == "__main__":
    main()
