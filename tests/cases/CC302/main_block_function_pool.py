"""A quick script whose task function lives under the main guard. Pool tasks are pickled by
reference; a spawned worker imports this file as __mp_main__ and finds no `double`."""
import multiprocessing

if __name__ == "__main__":

    def double(x):
        return x * 2

    with multiprocessing.Pool(2) as pool:
        print(pool.map(double, range(10)))  # expect: CC302 "__main__"
