"""Size every file under a folder; a thread pool runs at module level."""
import concurrent.futures as cf
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
files = [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]
with cf.ThreadPoolExecutor() as ex:
    sizes = list(ex.map(os.path.getsize, files))
print(sum(sizes), "bytes in", len(files), "files")
