"""Build several projects at once; each build runs in its own process, which changes into its
project's folder first. A process has its own working directory."""
import multiprocessing
import os
import subprocess


def build(project):
    os.chdir(project)
    subprocess.run(["make"], check=False)
    with open("build.log", "a") as log:
        log.write("built\n")


def main(projects):
    procs = [multiprocessing.Process(target=build, args=(p,)) for p in projects]
    for p in procs:
        p.start()
    for p in procs:
        p.join()


if __name__ == "__main__":
    main(["app", "lib"])
