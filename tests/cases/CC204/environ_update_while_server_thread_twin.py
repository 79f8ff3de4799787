"""main loads settings into the environment before starting the server thread."""
import os
import socketserver
import threading


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(os.environ.get("GREETING", "hi").encode())


def main(settings):
    os.environ.update(settings)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.shutdown()


if __name__ == "__main__":
    main({"GREETING": "hello"})
