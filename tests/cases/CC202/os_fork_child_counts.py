"""A pre-fork server counts served requests in a global; the counting happens in forked
children, and the parent's summary always reports 0."""
import os

served = 0


def serve_one(n):
    global served
    served += 1  # expect: CC202 "child"
    print("request", n)


def main():
    for n in range(3):
        pid = os.fork()
        if pid == 0:
            serve_one(n)
            os._exit(0)
        os.waitpid(pid, 0)
    print("served", served)


if __name__ == "__main__":
    main()
