"""One background thread builds an index while the main thread serves a prompt: a single thread
beside the caller is about responsiveness, not speed."""
import threading

index = {}


def build_index(words):
    for i, w in enumerate(words):
        index.setdefault(w[:3], []).append(i)


def main(words):
    t = threading.Thread(target=build_index, args=(words,), daemon=True)
    t.start()
    name = input("name? ")
    t.join()
    return name, len(index)


if __name__ == "__main__":
    main(["alpha", "beta"] * 1_000_000)
