"""A template cache filled lazily by request handlers running in a thread pool.

No race: the membership check and the store run inside one `with _cache_lock:` block, so no
other handler can slip between the check and the act.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

_cache = {}
_cache_lock = threading.Lock()


def compile_template(name):
    return "".join(reversed(name)) * 10


def render(name):
    with _cache_lock:
        if name not in _cache:
            _cache[name] = compile_template(name)
    return len(_cache[name])


def main():
    requests = ["home", "about", "cart", "home", "cart"] * 200
    with ThreadPoolExecutor(max_workers=6) as pool:
        total = sum(pool.map(render, requests))
    print(total, len(_cache))


if __name__ == "__main__":
    main()
