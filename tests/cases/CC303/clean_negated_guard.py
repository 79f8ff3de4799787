"""`if __name__ != "__main__":` guards its else branch; `not __name__ == ...` too."""
import multiprocessing


def square(x):
    return x * x


def main():
    with multiprocessing.Pool(2) as pool:
        return pool.map(square, range(8))


if __name__ != "__main__":
    print("imported as a module")
else:
    print(main())
