"""An exporter thread formats numbers while main switches the locale for a report.

locale.setlocale is not thread-safe and changes how every thread formats numbers."""
import locale
import threading


def export(rows):
    with open("/tmp/export.csv", "w") as fh:
        for r in rows:
            fh.write(locale.format_string("%.2f\n", r))


def main(rows):
    exporter = threading.Thread(target=export, args=(rows,))
    exporter.start()
    locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")  # expect: CC204 "setlocale"
    print(locale.format_string("%.2f", sum(rows)))
    exporter.join()


if __name__ == "__main__":
    main([1.5, 2.25])
