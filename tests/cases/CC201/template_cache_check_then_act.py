"""A template cache filled lazily by request handlers running in a thread pool.

Race (check-then-act): `if name not in _cache:` and `_cache[name] = ...` are two steps; two
handlers can both find the name missing and both compile and store it (the second store wins
and the first caller's object is discarded — wasted work, and identity checks break). No lock
joins the check to the act.
"""
from concurrent.futures import ThreadPoolExecutor

_cache = {}


def compile_template(name):
    return "".join(reversed(name)) * 10


def render(name):
    if name not in _cache:
        _cache[name] = compile_template(name)  # expect: CC201
    return len(_cache[name])


def main():
    requests = ["home", "about", "cart", "home", "cart"] * 200
    with ThreadPoolExecutor(max_workers=6) as pool:
        total = sum(pool.map(render, requests))
    print(total, len(_cache))


if __name__ == "__main__":
    main()
