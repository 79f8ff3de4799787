"""main sets the locale once, before the exporter thread starts."""
import locale
import threading


def export(rows):
    with open("/tmp/export.csv", "w") as fh:
        for r in rows:
            fh.write(locale.format_string("%.2f\n", r))


def main(rows):
    locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
    exporter = threading.Thread(target=export, args=(rows,))
    exporter.start()
    print(locale.format_string("%.2f", sum(rows)))
    exporter.join()


if __name__ == "__main__":
    main([1.5, 2.25])
