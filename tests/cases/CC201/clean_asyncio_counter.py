"""A trap: asyncio tasks increment a module global.

No finding: all coroutines run on ONE thread, the event loop's, and a task can only be
interrupted at an `await`. `fetched += 1` contains no await, so it runs without interruption;
there are no two concurrent contexts here.
"""
import asyncio

fetched = 0


async def fetch(url):
    global fetched
    await asyncio.sleep(0)
    fetched += 1
    return len(url)


async def main():
    urls = [f"https://example.com/{i}" for i in range(500)]
    sizes = await asyncio.gather(*(fetch(url) for url in urls))
    print(fetched, sum(sizes))


if __name__ == "__main__":
    asyncio.run(main())
