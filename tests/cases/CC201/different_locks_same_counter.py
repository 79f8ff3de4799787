"""Seats of a venue: the booking thread holds `booking_lock`, the cancellation thread holds
`cancel_lock`, and both update the same `free_seats` counter.

Race: each update holds a lock, but not the same one, so they do not exclude each other:
two read-modify-writes of `free_seats` with no common lock (reported at the later one).
"""
import threading

free_seats = 500
booking_lock = threading.Lock()
cancel_lock = threading.Lock()


def book(n):
    global free_seats
    for _ in range(n):
        with booking_lock:
            free_seats -= 1


def cancel(n):
    global free_seats
    for _ in range(n):
        with cancel_lock:
            free_seats += 1  # expect: CC201


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
