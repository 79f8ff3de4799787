"""CSV import: a worker thread imports the second half of the rows, and the main thread imports
the first half by calling the same function AFTER joining the worker.

No race: once `worker.join()` has returned the worker is finished, so the main thread's
`rows_imported += 1` never overlaps with the worker's.
"""
import threading

rows_imported = 0


def import_rows(rows):
    global rows_imported
    for row in rows:
        if row.count(",") == 2:
            rows_imported += 1


def main():
    rows = [f"{i},name{i},{i * 3}" for i in range(10000)]
    half = len(rows) // 2
    worker = threading.Thread(target=import_rows, args=(rows[half:],))
    worker.start()
    worker.join()
    import_rows(rows[:half])
    print(rows_imported, "rows")


if __name__ == "__main__":
    main()
