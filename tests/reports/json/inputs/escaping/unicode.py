"""Renamed by the test to données/🧵 fil.py. Non-ASCII names and text come before the findings:
columns count code points."""
from multiprocessing import Pool


def fabrique(facteur):
    def échelle(x):
        return x * facteur

    return échelle


def main():
    étiquette = "🧵🧵🧵"
    données = [1, 2, 3]
    with Pool(2) as pool:
        print("🧵→"); résultat = pool.map(fabrique(2.0), données)
        print(étiquette, résultat, pool.map(lambda x: x, ["é", "🧵"]))


if __name__ == "__main__":
    main()
