"""Thumbnail service. The worker pool is warmed up by the command line entry point."""
from .workers import start_workers

__all__ = ["start_workers"]
