"""Network helpers."""
import socket


def ping(host, port=80):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(b"HEAD / HTTP/1.0\r\n\r\n")
    reply = s.recv(128)
    s.close()
    return reply[:12]
