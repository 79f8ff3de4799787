"""Re-entrant locks still deadlock across threads. The loader holds `config_lock` (an RLock,
re-acquired inside `read_option`) and then takes `plugins_lock`; the plugin scanner holds
`plugins_lock` and then reads an option, which takes `config_lock`.

Inversion: re-entrancy only helps the thread that already owns the lock; two threads taking the
two RLocks in opposite orders can block each other.
"""
# concur-case: known-miss the order `plugins_lock` then `config_lock` arises only through a helper called with a lock held from one of two callers; the acquisition order is not followed through that call
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
    with plugins_lock:
        plugins.append(read_option("plugin_dir") + "/extra")


def read_option(key):
    with config_lock:  # expect: CC203
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
