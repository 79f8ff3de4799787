"""Write one report line per shard; each worker opens the file by its path."""
import multiprocessing


def write_summary(shard, path):
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"shard {shard}: {sum(range(shard * 1000))}\n")


def report(shards, path):
    with multiprocessing.Pool(4) as pool:
        pending = [pool.apply_async(write_summary, (s, path)) for s in shards]
        for r in pending:
            r.get()


if __name__ == "__main__":
    report(range(8), "report.txt")
