"""Request handlers; each one bumps the shared metrics module.

No race: the increment runs inside `with metrics.lock:`, the one lock object of the metrics
module, shared by every server thread.
"""
import metrics


def handle(path):
    body = f"<h1>{path}</h1>"
    with metrics.lock:
        metrics.requests += 1
    return len(body)
