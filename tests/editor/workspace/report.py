"""Never opened by the test: only "concur: Analyse workspace" reports it."""
import multiprocessing

counts = multiprocessing.Pool(2).map(len, ["a", "bb", "ccc"])
print(counts)
