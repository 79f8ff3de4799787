"""Archive each project from a thread, entering its folder with contextlib.chdir: the change
applies to the whole process for the duration of the block."""
import contextlib
import shutil
import threading


def archive(project):
    with contextlib.chdir(project):  # expect: CC204
        shutil.make_archive("../" + project, "zip", ".")


def main(projects):
    threads = [threading.Thread(target=archive, args=(p,)) for p in projects]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(["app", "lib"])
