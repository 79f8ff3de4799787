"""A metrics reporter that runs in a background thread once started."""
import threading
import time

_thread = None


def _report():
    while True:
        time.sleep(10)


def start():
    global _thread
    _thread = threading.Thread(target=_report, daemon=True)
    _thread.start()
