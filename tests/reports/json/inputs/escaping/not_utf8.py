"""Renamed by the test to a name whose bytes are not UTF-8 (b"latin-\xe9.py")."""
from concurrent.futures import ProcessPoolExecutor

with ProcessPoolExecutor() as ex:
    ex.submit(print, "hi")
