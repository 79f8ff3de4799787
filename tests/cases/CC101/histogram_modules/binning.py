"""Bucketing: a little arithmetic per value."""
WIDTH = 16


def bucket_of(value):
    b = 0
    while value >= WIDTH and b < 64:
        value //= WIDTH
        b += 1
    return b
