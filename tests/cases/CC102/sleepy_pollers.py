"""Pollers started as processes, one per device; each mostly sleeps between readings."""
import time
from multiprocessing import Process


def poll(device):
    readings = []
    for _ in range(20):
        readings.append(device * 2)
        time.sleep(0.5)
    return readings


def main():
    procs = []
    for device in range(6):
        p = Process(target=poll, args=(device,))
        p.start()  # expect: CC102 "time.sleep"
        procs.append(p)
    for p in procs:
        p.join()


if __name__ == "__main__":
    main()
