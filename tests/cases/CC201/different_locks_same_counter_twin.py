"""Seats of a venue: the booking and the cancellation threads both update `free_seats` under
the same `seats_lock`.

No race: one common lock guards every read-modify-write of the counter.
"""
import threading

free_seats = 500
seats_lock = threading.Lock()


def book(n):
    global free_seats
    for _ in range(n):
        with seats_lock:
            free_seats -= 1


def cancel(n):
    global free_seats
    for _ in range(n):
        with seats_lock:
            free_seats += 1


def main():
    t1 = threading.Thread(target=book, args=(3000,))
    t2 = threading.Thread(target=cancel, args=(3000,))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print(free_seats, "free")


if __name__ == "__main__":
    main()
