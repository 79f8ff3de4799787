"""Parsers of tool A (used from threads only)."""

parse_row = lambda line: line.split(",")
