"""Batch resizer package: definitions only."""


def resize(name):
    return name.upper()
