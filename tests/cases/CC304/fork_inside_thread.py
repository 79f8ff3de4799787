"""Each incoming connection is handled by a thread, which forks a sandboxed child to run the
request. The fork runs in a thread, so the process has at least the main thread besides."""
import os
import socket
import threading


def handle(conn):
    pid = os.fork()  # expect: CC304
    if pid == 0:
        conn.sendall(b"hello from the sandbox\n")
        os._exit(0)
    os.waitpid(pid, 0)
    conn.close()


def main():
    srv = socket.create_server(("127.0.0.1", 9000))
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,)).start()


if __name__ == "__main__":
    main()
