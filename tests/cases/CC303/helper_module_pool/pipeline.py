"""ETL steps. The worker pool is created once, when this module is imported."""
import multiprocessing


def clean(record):
    return record.strip().lower()


POOL = multiprocessing.Pool(4)  # expect: CC303


def run(records):
    return POOL.map(clean, records)
