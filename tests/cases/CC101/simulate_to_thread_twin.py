"""The twin: one simulation handed to asyncio.to_thread, to keep the event loop responsive."""
import asyncio


def simulate(steps):
    state = 1
    for i in range(steps):
        state = (state * 1103515245 + 12345) % 2**31
    return state


async def run_one():
    return await asyncio.to_thread(simulate, 2_000_000)


if __name__ == "__main__":
    print(asyncio.run(run_one()))
