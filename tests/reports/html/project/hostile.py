"""Hostile text on the lines a finding shows: markup, entities, quotes, percent signs, emoji."""
import multiprocessing


def main():
    def traiter_données(x):  # a non-ASCII name in the message, with its <locals> qualname
        return f"<b>{x}</b>"

    banner = "<script>alert('pwned')</script> &amp; \"quoted\" 100%, a:b 🧵"
    with multiprocessing.Pool() as pool:
        pool.map(lambda s="<img src=x onerror=alert(1)>": s + banner, ["</td></tr>"])
        pool.map(traiter_données, ["💥", "'single'", '"double"'])


if __name__ == "__main__":
    main()
