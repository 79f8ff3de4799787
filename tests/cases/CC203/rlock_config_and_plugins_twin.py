"""Two RLocks: the loader holds `config_lock` (re-acquired inside `read_option`) and then takes
`plugins_lock`; the plugin scanner reads the option FIRST and then takes `plugins_lock`.

No inversion: config_lock is always taken before plugins_lock (or alone); the re-acquisition
of an RLock by its owner is not a second lock.
"""
import threading
import time

config_lock = threading.RLock()
plugins_lock = threading.RLock()
config = {"plugin_dir": "/opt/plugins"}
plugins = []


def load():
    with config_lock:
        directory = read_option("plugin_dir")
        with plugins_lock:
            plugins.append(f"{directory}/core")


def scan():
    time.sleep(0.01)  # runs a little after the other thread
    directory = read_option("plugin_dir")
    with plugins_lock:
        plugins.append(directory + "/extra")


def read_option(key):
    with config_lock:
        return config[key]


def main():
    threads = [threading.Thread(target=load), threading.Thread(target=scan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(plugins)


if __name__ == "__main__":
    main()
