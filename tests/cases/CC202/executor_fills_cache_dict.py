"""Resolve host names in a ProcessPoolExecutor and cache them in a module dict; the parent's
report reads the cache, which the workers filled in their own processes."""
import socket
from concurrent.futures import ProcessPoolExecutor

addresses = {}


def resolve(host):
    addresses[host] = socket.gethostbyname(host)  # expect: CC202


def report():
    for host, addr in sorted(addresses.items()):
        print(host, addr)


def main(hosts):
    with ProcessPoolExecutor() as ex:
        list(ex.map(resolve, hosts))
    report()


if __name__ == "__main__":
    main(["localhost"])
