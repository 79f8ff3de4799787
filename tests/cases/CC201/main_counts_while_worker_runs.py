"""CSV import: a worker thread imports the second half of the rows while the main thread imports
the first half by calling the same function.

Race: `rows_imported += 1` runs in the worker thread and in the main thread at the same time
(the main thread's call happens before it joins the worker), with no lock.
"""
import threading

rows_imported = 0


def import_rows(rows):
    global rows_imported
    for row in rows:
        if row.count(",") == 2:
            rows_imported += 1  # expect: CC201


def main():
    rows = [f"{i},name{i},{i * 3}" for i in range(10000)]
    half = len(rows) // 2
    worker = threading.Thread(target=import_rows, args=(rows[half:],))
    worker.start()
    import_rows(rows[:half])
    worker.join()
    print(rows_imported, "rows")


if __name__ == "__main__":
    main()
