"""A trap: three locks nested in many combinations across helpers and threads, always in the
order session -> account -> audit (and one RLock re-entered by its owner).

No finding: every nested acquisition follows the same global order, so no cycle exists.
"""
import threading

session_lock = threading.Lock()
account_lock = threading.RLock()
audit_lock = threading.Lock()
log = []
balance = {"ann": 100}


def audit(msg):
    with audit_lock:
        log.append(msg)


def charge(user, amount):
    with account_lock:
        balance[user] -= amount
        audit(f"charged {user} {amount}")


def checkout(user):
    with session_lock:
        with account_lock:
            charge(user, 5)


def logout(user):
    with session_lock:
        audit(f"logout {user}")


def main():
    threads = [threading.Thread(target=checkout, args=("ann",)),
               threading.Thread(target=logout, args=("ann",)),
               threading.Thread(target=charge, args=("ann", 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(balance, log)


if __name__ == "__main__":
    main()
