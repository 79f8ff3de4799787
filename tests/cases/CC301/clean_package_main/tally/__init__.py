"""Tally words in files."""
