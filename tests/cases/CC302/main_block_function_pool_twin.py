"""The same script on the fork start method: a forked worker inherits __main__, `double` included,
so the reference resolves."""
import multiprocessing

if __name__ == "__main__":
    multiprocessing.set_start_method("fork")

    def double(x):
        return x * 2

    with multiprocessing.Pool(2) as pool:
        print(pool.map(double, range(10)))
