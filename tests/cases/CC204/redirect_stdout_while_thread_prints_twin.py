"""Capture a command's output with redirect_stdout after the progress thread has finished."""
import contextlib
import io
import threading
import time


def progress():
    for i in range(10):
        print(f"{i * 10}%")
        time.sleep(0.1)


def run_report():
    print("report line")


def main():
    t = threading.Thread(target=progress)
    t.start()
    t.join()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run_report()
    return buf.getvalue()


if __name__ == "__main__":
    main()
