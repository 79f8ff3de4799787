"""main writes the secret with its own mask before starting the writer threads."""
import os
import threading


def write_report(name):
    with open(f"/tmp/{name}.txt", "w") as fh:
        fh.write("report\n")


def main(names):
    old = os.umask(0o077)
    with open("/tmp/secret", "w") as fh:
        fh.write("s3cr3t\n")
    os.umask(old)
    writers = [threading.Thread(target=write_report, args=(n,)) for n in names]
    for w in writers:
        w.start()
    for w in writers:
        w.join()


if __name__ == "__main__":
    main(["a", "b"])
