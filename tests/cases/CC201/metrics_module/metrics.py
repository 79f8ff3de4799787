"""Process-wide request metrics, kept as module attributes."""
import threading

requests = 0
lock = threading.Lock()
