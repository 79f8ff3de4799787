"""An asyncio service that runs one simulation per scenario with asyncio.to_thread."""
import asyncio


def simulate(steps):
    state = 1
    for i in range(steps):
        state = (state * 1103515245 + 12345) % 2**31
    return state


async def run_all():
    scenarios = [2_000_000] * 8
    # expect: CC101 "asyncio.to_thread"
    return await asyncio.gather(*(asyncio.to_thread(simulate, n) for n in scenarios))


if __name__ == "__main__":
    print(asyncio.run(run_all()))
