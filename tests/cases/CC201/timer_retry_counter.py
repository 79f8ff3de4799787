"""A retry scheduled with threading.Timer while the main thread keeps trying.

Race: the Timer is a thread; once started, its callback `retry_send` may run while the main
thread is still calling `retry_send` itself (before it joins the timer). `attempts += 1`
runs in both with no lock.
"""
import threading

attempts = 0


def retry_send(message):
    global attempts
    attempts += 1  # expect: CC201
    return len(message)


def main():
    timer = threading.Timer(0.001, retry_send, args=("ping",))
    timer.start()
    for _ in range(20000):
        retry_send("pong")
    timer.join()
    print(attempts, "attempts")


if __name__ == "__main__":
    main()
