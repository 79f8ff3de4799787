"""Archive each project from a thread, naming its folder with root_dir= instead of changing the
working directory."""
import shutil
import threading


def archive(project):
    shutil.make_archive(project, "zip", root_dir=project)


def main(projects):
    threads = [threading.Thread(target=archive, args=(p,)) for p in projects]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(["app", "lib"])
