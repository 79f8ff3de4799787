"""Locks taken inside helper functions: `save_user` holds `db_lock` and calls `audit`, which
takes `audit_lock`; `export_audit` holds `audit_lock` and calls `count_users`, which takes
`db_lock`.

Inversion db -> audit against audit -> db. The inner acquisitions are in the helpers; the later
one in the file is `count_users`'s.
"""
import threading
import time

db_lock = threading.Lock()
audit_lock = threading.Lock()
users = {}
audit_log = []


def audit(event):
    with audit_lock:
        audit_log.append(event)


def count_users():
    with db_lock:  # expect: CC203
        return len(users)


def save_user(name):
    with db_lock:
        users[name] = {"name": name}
        audit(f"saved {name}")


def export_audit():
    time.sleep(0.01)  # runs a little after the other thread
    with audit_lock:
        return list(audit_log) + [f"{count_users()} users"]


def main():
    threads = [threading.Thread(target=save_user, args=("ann",)),
               threading.Thread(target=export_audit)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(audit_log, users)


if __name__ == "__main__":
    main()
