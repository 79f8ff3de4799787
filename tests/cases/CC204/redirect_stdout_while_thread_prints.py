"""Capture a command's output with redirect_stdout while a progress thread prints: the
progress lines end up in the captured buffer."""
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
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):  # expect: CC204 "sys.stdout"
        run_report()
    t.join()
    return buf.getvalue()


if __name__ == "__main__":
    main()
