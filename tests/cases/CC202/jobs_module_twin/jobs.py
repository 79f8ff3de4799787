"""Job functions that record what they processed in a module-level list."""
processed = []


def resize(name):
    processed.append(name)
    return name.upper()
