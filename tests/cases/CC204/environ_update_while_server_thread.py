"""A development server runs in a thread (socketserver's serve_forever) while main reloads
settings into the environment with os.environ.update."""
import os
import socketserver
import threading


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(os.environ.get("GREETING", "hi").encode())


def main(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ.update(settings)  # expect: CC204 "serve_forever"
    server.shutdown()


if __name__ == "__main__":
    main({"GREETING": "hello"})
