"""main tightens the umask to write a secret while writer threads create report files: the
reports may be created with the secret's mask."""
import os
import threading


def write_report(name):
    with open(f"/tmp/{name}.txt", "w") as fh:
        fh.write("report\n")


def main(names):
    writers = [threading.Thread(target=write_report, args=(n,)) for n in names]
    for w in writers:
        w.start()
    old = os.umask(0o077)  # expect: CC204 "file-creation mask"
    with open("/tmp/secret", "w") as fh:
        fh.write("s3cr3t\n")
    os.umask(old)  # expect: CC204
    for w in writers:
        w.join()


if __name__ == "__main__":
    main(["a", "b"])
