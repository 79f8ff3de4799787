"""Latin-1 bytes in a file without a coding declaration."""
NAME = "café"
print(NAME)
