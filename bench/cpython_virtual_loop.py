"""CPython's own asyncio on a virtual clock, running bench/programs/tasks-10000x10.ts's program.

The baseline for bench/sandbox.ts: the stock SelectorEventLoop (with CPython's C Task and
Future) whose selector, instead of sleeping in select(timeout), advances a virtual clock by
`timeout`, and whose time() reads that clock. Everything else is unmodified asyncio, so the
wall time measured is the cost of asyncio's own scheduling. Prints one JSON object.
"""

import asyncio
import json
import selectors
import statistics
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


class VirtualSelector(selectors.SelectSelector):
    """Keeps SelectSelector's registrations (the loop registers its self-pipe) but never waits."""

    def __init__(self):
        super().__init__()
        self.now = 0.0

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("deadlock: nothing scheduled and nothing to wait for")
        self.now += timeout
        return []


class VirtualEventLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual = VirtualSelector()
        super().__init__(self._virtual)

    def time(self):
        return self._virtual.now


async def worker(x):
    for _ in range(10):
        await asyncio.sleep(x)


async def main():
    tasks = [asyncio.create_task(worker(0.1 * (1 + i % 10))) for i in range(10_000)]
    await asyncio.gather(*tasks)


def run_once():
    with asyncio.Runner(loop_factory=VirtualEventLoop) as runner:
        start = time.perf_counter()
        runner.run(main())
        wall = time.perf_counter() - start
        simulated = runner.get_loop().time()
    return wall, simulated


walls = []
for _ in range(RUNS):
    wall, simulated = run_once()
    walls.append(wall)
print(
    json.dumps(
        {
            "python": sys.version.split()[0],
            "runs": RUNS,
            "wall_ms": statistics.median(walls) * 1000,
            "simulated_s": round(simulated, 9),
        }
    )
)
