"""A session table: login threads add sessions while a reaper thread walks the table.

No race: the reaper's iteration and the logins' inserts all run inside `with sessions_lock:`,
so no insert can happen while the reaper is between two items of the same walk.
"""
import threading
import time

sessions = {}
sessions_lock = threading.Lock()


def reaper(rounds, max_age):
    expired = 0
    for _ in range(rounds):
        now = time.monotonic()
        with sessions_lock:
            for sid, started in sessions.items():
                if now - started > max_age:
                    expired += 1
    return expired


def login(user, n):
    for i in range(n):
        with sessions_lock:
            sessions[f"{user}-{i}"] = time.monotonic()


def main():
    threads = [threading.Thread(target=reaper, args=(50, 0.5))]
    threads += [threading.Thread(target=login, args=(user, 2000)) for user in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(sessions), "sessions")


if __name__ == "__main__":
    main()
