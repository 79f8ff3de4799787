"""The twin: each process computes a long reduction instead of sleeping: CPU-bound processes."""
from multiprocessing import Process


def poll(device):
    acc = 0
    for i in range(10_000_000):
        acc = (acc + i * device) % 1_000_003
    return acc


def main():
    procs = []
    for device in range(6):
        p = Process(target=poll, args=(device,))
        p.start()
        procs.append(p)
    for p in procs:
        p.join()


if __name__ == "__main__":
    main()
