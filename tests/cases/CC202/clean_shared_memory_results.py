"""Workers write their results into a shared_memory block that the parent created; the parent
reads the block after the pool finishes."""
from multiprocessing import Pool, shared_memory

N = 8


def fill(args):
    name, i = args
    shm = shared_memory.SharedMemory(name=name)
    shm.buf[i] = i * i
    shm.close()


if __name__ == "__main__":
    shm = shared_memory.SharedMemory(create=True, size=N)
    with Pool(4) as pool:
        pool.map(fill, [(shm.name, i) for i in range(N)])
    print(list(shm.buf[:N]))
    shm.close()
    shm.unlink()
