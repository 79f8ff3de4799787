"""Resolve host names in a ThreadPoolExecutor and cache them in a module dict; the threads fill
the parent's dict, which the report then reads."""
import socket
from concurrent.futures import ThreadPoolExecutor

addresses = {}


def resolve(host):
    addresses[host] = socket.gethostbyname(host)


def report():
    for host, addr in sorted(addresses.items()):
        print(host, addr)


def main(hosts):
    with ThreadPoolExecutor() as ex:
        list(ex.map(resolve, hosts))
    report()


if __name__ == "__main__":
    main(["localhost"])
