"""Row parsers shared by the import scripts."""

parse_row = lambda line: [field.strip() for field in line.split(",")]
