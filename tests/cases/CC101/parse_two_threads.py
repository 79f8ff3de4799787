"""Two threads started side by side, each tokenizing a large text in Python."""
import threading

TEXT = "lorem ipsum dolor sit amet " * 200_000
results = {}


def tokenize(name, text):
    words = 0
    for ch in text:
        if ch == " ":
            words += 1
    results[name] = words


def main():
    a = threading.Thread(target=tokenize, args=("a", TEXT))
    b = threading.Thread(target=tokenize, args=("b", TEXT))
    a.start()  # expect: CC101
    b.start()  # expect: CC101
    a.join()
    b.join()


if __name__ == "__main__":
    main()
