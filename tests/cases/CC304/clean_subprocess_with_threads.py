"""Threads fetch data while the main thread runs external tools with subprocess: subprocess
forks and execs in C (or uses posix_spawn), so no Python runs in the child."""
import subprocess
import threading


def poll_queue():
    print("polling")


def main():
    t = threading.Thread(target=poll_queue, daemon=True)
    t.start()
    out = subprocess.run(["git", "status"], capture_output=True, text=True, cwd="/tmp")
    print(out.stdout)
    subprocess.check_call(["sync"], start_new_session=True)


if __name__ == "__main__":
    main()
