"""Row parsers shared by the import scripts."""


def parse_row(line):
    return [field.strip() for field in line.split(",")]
