"""Run a health check in a spawned child; the check is a local function."""
import multiprocessing
import urllib.request


def run_check(url, timeout):
    def check():
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            print(url, resp.status)

    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=check, daemon=True)  # expect: CC302
    proc.start()
    proc.join(timeout + 1)


if __name__ == "__main__":
    run_check("http://localhost:8080/health", 2.0)
