"""One server process, started for isolation: a single process beside the caller is fine."""
import socket
from multiprocessing import Process


def serve(port):
    srv = socket.socket()
    srv.bind(("127.0.0.1", port))
    srv.listen()
    while True:
        conn, _ = srv.accept()
        conn.sendall(conn.recv(1024))
        conn.close()


if __name__ == "__main__":
    p = Process(target=serve, args=(8080,), daemon=True)
    p.start()
    p.join()
