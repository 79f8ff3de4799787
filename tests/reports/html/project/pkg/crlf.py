from multiprocessing import Pool


def main():
    with Pool() as p:
        p.map(lambda x: x, [1])  # CRLF line endings


if __name__ == "__main__":
    main()
