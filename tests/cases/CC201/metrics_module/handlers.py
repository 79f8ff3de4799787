"""Request handlers; each one bumps the shared metrics module.

Race: `metrics.requests += 1` is a read-modify-write of an attribute of the one `metrics`
module object, done by every server thread with no lock (metrics.lock exists but is not used).
"""
import metrics


def handle(path):
    body = f"<h1>{path}</h1>"
    metrics.requests += 1  # expect: CC201
    return len(body)
