"""A session table: login threads add sessions while a reaper thread walks the table.

Race (mutation while iterating): the reaper iterates `sessions.items()` while logins insert new
keys. Iteration over a dict releases the GIL between items (the loop body is Python code), so an
insert can land mid-iteration and raise "RuntimeError: dictionary changed size during
iteration". No lock covers both. Reported at the insert, the later of the two in the file.
"""
# concur-case: known-miss threads added with `threads += [...]` are not followed to their start, so the login threads are not seen
import threading
import time

sessions = {}


def reaper(rounds, max_age):
    expired = 0
    for _ in range(rounds):
        now = time.monotonic()
        for sid, started in sessions.items():
            if now - started > max_age:
                expired += 1
    return expired


def login(user, n):
    for i in range(n):
        sessions[f"{user}-{i}"] = time.monotonic()  # expect: CC201


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
