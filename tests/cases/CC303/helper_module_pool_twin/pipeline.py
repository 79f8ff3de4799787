"""ETL steps. The worker pool is created on first use, not when this module is imported."""
import multiprocessing

_pool = None


def clean(record):
    return record.strip().lower()


def get_pool():
    global _pool
    if _pool is None:
        _pool = multiprocessing.Pool(4)
    return _pool


def run(records):
    return get_pool().map(clean, records)
