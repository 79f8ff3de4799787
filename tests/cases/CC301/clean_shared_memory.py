"""A large buffer in shared memory: the workers get its name, not its bytes."""
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import shared_memory


def checksum(name, start, stop):
    shm = shared_memory.SharedMemory(name=name)
    total = 0
    for b in shm.buf[start:stop]:
        total = (total + b) % 65521
    shm.close()
    return total


def main():
    size = 64 * 1024 * 1024
    shm = shared_memory.SharedMemory(create=True, size=size)
    try:
        step = size // 4
        with ProcessPoolExecutor(4) as ex:
            futs = [ex.submit(checksum, shm.name, k * step, (k + 1) * step) for k in range(4)]
            return [f.result() for f in futs]
    finally:
        shm.close()
        shm.unlink()


if __name__ == "__main__":
    print(main())
