"""A toy server: four threads handle requests through handlers.handle."""
import threading

import handlers
import metrics


def serve(paths):
    for path in paths:
        handlers.handle(path)


def main():
    paths = [f"/page/{i}" for i in range(4000)]
    threads = [threading.Thread(target=serve, args=(paths[k::4],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(metrics.requests, "requests")


if __name__ == "__main__":
    main()
