# -*- coding: klingon -*-
"""A coding declaration that names no known encoding."""
print("qapla'")
