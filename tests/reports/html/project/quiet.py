"""No findings here."""
import threading

threading.Thread(target=print, args=("<not markup>",)).start()
