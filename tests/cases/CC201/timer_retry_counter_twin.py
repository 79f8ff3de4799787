"""A retry scheduled with threading.Timer; the main thread waits for it before trying itself.

No race: `timer.join()` comes before the main thread's own calls, so the timer's callback has
finished before the main thread's `attempts += 1` run.
"""
import threading

attempts = 0


def retry_send(message):
    global attempts
    attempts += 1
    return len(message)


def main():
    timer = threading.Timer(0.001, retry_send, args=("ping",))
    timer.start()
    timer.join()
    for _ in range(20000):
        retry_send("pong")
    print(attempts, "attempts")


if __name__ == "__main__":
    main()
