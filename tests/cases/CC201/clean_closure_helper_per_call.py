"""Pool workers each render a document; `render` counts lines in a local variable that its
nested helper `emit` updates with `nonlocal`.

No race: a closure cell belongs to one call of `render`, and `emit` is only called by that call,
in the thread that made it. Two workers rendering at once have two frames and two cells. (Compare
closure_nonlocal_counter.py, where the nested function itself is handed to the threads, so they
all share the cell of one call.)
"""
from concurrent.futures import ThreadPoolExecutor


def render(doc):
    lines = 0
    out = []

    def emit(text):
        nonlocal lines
        lines += 1
        out.append(f"{lines:4d} {text}")

    for para in doc.split("\n\n"):
        emit(para.strip())
    return "\n".join(out)


def main(docs):
    with ThreadPoolExecutor(max_workers=4) as ex:
        return list(ex.map(render, docs))


if __name__ == "__main__":
    print(main(["a\n\nb", "c\n\nd\n\ne"] * 10))
