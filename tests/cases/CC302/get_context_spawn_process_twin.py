"""Run a health check in a forked child; the local function is inherited, not pickled."""
import multiprocessing
import urllib.request


def run_check(url, timeout):
    def check():
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            print(url, resp.status)

    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(target=check, daemon=True)
    proc.start()
    proc.join(timeout + 1)


if __name__ == "__main__":
    run_check("http://localhost:8080/health", 2.0)
