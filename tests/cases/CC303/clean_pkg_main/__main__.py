"""python -m <package>: a package's __main__ runs only as the main module, never on re-import
by a spawned child, so starting processes here at top level is fine."""
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from . import resize

with multiprocessing.Pool(2) as pool:
    print(pool.map(resize, sys.argv[1:]))
with ProcessPoolExecutor() as ex:
    print(list(ex.map(resize, sys.argv[1:])))
p = multiprocessing.Process(target=resize, args=("x",))
p.start()
p.join()
