"""Compress log files with an executor on the fork start method, at module level."""
import glob
import gzip
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor


def compress(path):
    with open(path, "rb") as src, gzip.open(path + ".gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


executor = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"))
done = [executor.submit(compress, p) for p in glob.glob("logs/*.log")]
for fut in done:
    print("compressed", fut.result())
executor.shutdown()
