"""Renamed by the test to a name with characters that mean something in a URI."""
import multiprocessing

if __name__ == "__main__":
    lock = multiprocessing.Lock()
    with multiprocessing.Pool(2) as pool:
        pool.apply_async(print, (lock,)).get()
