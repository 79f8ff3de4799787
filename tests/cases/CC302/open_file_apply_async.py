"""Write one report line per shard; the open file object is handed to the workers."""
import multiprocessing


def write_summary(shard, out):
    out.write(f"shard {shard}: {sum(range(shard * 1000))}\n")


def report(shards, path):
    out = open(path, "w", encoding="utf-8")
    with multiprocessing.Pool(4) as pool:
        pending = [pool.apply_async(write_summary, (s, out)) for s in shards]  # expect: CC302
        for r in pending:
            r.get()
    out.close()


if __name__ == "__main__":
    report(range(8), "report.txt")
