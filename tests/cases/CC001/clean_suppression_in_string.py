"""Text that looks like a suppression inside a string is not a comment."""
HELP = "write # concur: ignore[CC302] after the call to silence it"


def usage():
    return HELP
