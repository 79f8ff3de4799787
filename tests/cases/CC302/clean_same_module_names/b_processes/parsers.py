"""Parsers of tool B: a module-level function, picklable."""


def parse_row(line):
    return line.split(",")
