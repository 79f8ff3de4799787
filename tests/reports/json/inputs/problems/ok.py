"""Fine on its own."""
print("ok")
