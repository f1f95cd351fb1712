"""Two processes use one block of shared memory: the child's writes are
seen by the parent without any copying."""

import multiprocessing as mp
from multiprocessing import shared_memory


def square_in_place(name, n):
    shm = shared_memory.SharedMemory(name=name)  # attach by name
    for i in range(n):
        shm.buf[i] = shm.buf[i] ** 2
    shm.close()  # detach; the creator unlinks


if __name__ == "__main__":
    numbers = bytes([1, 2, 3, 4, 5])
    shm = shared_memory.SharedMemory(create=True, size=len(numbers))
    try:
        shm.buf[: len(numbers)] = numbers
        print("before:", list(shm.buf[: len(numbers)]))
        p = mp.Process(target=square_in_place, args=(shm.name, len(numbers)))
        p.start()
        p.join()
        print("after: ", list(shm.buf[: len(numbers)]))
        # Shared memory has no lock of its own: if two processes wrote at
        # once, you would add one (for example multiprocessing.Lock).
    finally:
        shm.close()
        shm.unlink()  # free the block; only its creator does this
