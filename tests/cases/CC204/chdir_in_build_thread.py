"""Build several projects at once; each thread changes into its project's folder first.

os.chdir changes the working directory of the whole process, so one thread's relative paths
suddenly point into another thread's project."""
import os
import subprocess
import threading


def build(project):
    os.chdir(project)  # expect: CC204 "working directory of the whole process"
    subprocess.run(["make"], check=False)
    with open("build.log", "a") as log:
        log.write("built\n")


def main(projects):
    threads = [threading.Thread(target=build, args=(p,)) for p in projects]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main(["app", "lib"])
