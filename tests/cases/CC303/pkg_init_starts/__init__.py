"""Thumbnail service. Importing the package warms up its worker pool."""
from .workers import start_workers

POOL = start_workers(2)  # expect: CC303
