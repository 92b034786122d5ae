"""How fast the reader is on a 100,000-item cache.

Builds the cache (bench/make_cache.py) unless --home names one, then runs
the real app headless (Textual's run_test) and prints:

- time to first screen: a fresh process, from interpreter start (imports
  included) and from creating the app, until the headline list shows rows;
- median and worst latency of moving the cursor (j), opening an item
  (enter, until the article is in the reader) and switching source (j in the
  sources pane, until the new list shows rows), each measured from the key
  press until the screen has been repainted.

    python bench/bench_tui.py [--items 100000] [--home DIR] [--rounds 40]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any heavy import, for the startup figure

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)


async def _until(predicate, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.0005)


def _has_rows(screen) -> bool:
    headlines = screen.headlines
    if not headlines.total:
        return False
    first = headlines.id_at(round(headlines.scroll_y))
    return first is not None and first in headlines.rows


async def first_screen(home: Path) -> dict[str, float]:
    """Run in a fresh process: startup from interpreter start and from create_app.

    The clock stops at the first frame painted with headlines in it (checked
    as Textual displays each frame), not when Pilot next finds the app idle.
    """
    from newsroom_tui.service import Newsroom
    from newsroom_tui.tui.app import create_app

    imported = time.perf_counter()
    newsroom = Newsroom.open(home)
    app = create_app(newsroom)
    shown: list[tuple[float, float]] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if (
            renderable is not None
            and not shown
            and hasattr(screen, "headlines")
            and _has_rows(screen)
        ):
            shown.append((time.perf_counter(), time.process_time()))

    app._display = display
    async with app.run_test(size=SIZE):
        await _until(lambda: bool(shown))
        await _until(lambda: app.screen.headlines.complete)
        complete = time.perf_counter()
        # Read once the list is whole: the first frame may know only its first rows.
        total = app.screen.headlines.total
    newsroom.close()
    (rows_at, rows_cpu) = shown[0]
    return {
        "items": total,
        "process_start_to_rows_ms": (rows_at - STARTED) * 1000,
        "cpu_time_to_rows_ms": rows_cpu * 1000,
        "imports_ms": (imported - STARTED) * 1000,
        "create_app_to_rows_ms": (rows_at - imported) * 1000,
        "create_app_to_full_id_list_ms": (complete - imported) * 1000,
    }


def _summary(samples: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p90_ms": ordered[max(0, int(len(ordered) * 0.9) - 1)] * 1000,
        "max_ms": ordered[-1] * 1000,
        "cpu_median_ms": statistics.median(cpu) * 1000 if cpu else float("nan"),
        "n": len(ordered),
    }


async def _settle(app) -> None:
    """Wait for the app's workers; one the app cancelled itself (a newer read
    replaced it) counts as settled, not as an error."""
    await asyncio.gather(*(worker.wait() for worker in list(app.workers)), return_exceptions=True)


class Probe:
    """Sends keys the way a terminal does and times them to the repaint that shows them.

    Pilot waits for every widget to go idle after each key, which adds tens
    of milliseconds of its own; here a key goes to the driver's queue, and the
    clock stops at the first screen update made once the app is in the state
    the key asked for (the check runs as that update is displayed).
    """

    def __init__(self, app) -> None:
        self.app = app
        self._waiting: tuple | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None and self._waiting is not None:
                done, future = self._waiting
                if done() and not future.done():
                    future.set_result((time.perf_counter(), time.process_time()))

        app._display = display

    async def press(self, key: str, done=lambda: True) -> float:
        from textual import events

        character = key if len(key) == 1 else None
        event = events.Key(key, character)
        event.set_sender(self.app)
        future = asyncio.get_running_loop().create_future()
        self._waiting = (done, future)
        start, cpu = time.perf_counter(), time.process_time()
        self.app._driver.send_message(event)
        painted, painted_cpu = await asyncio.wait_for(future, timeout=10)
        self._waiting = None
        await _settle(self.app)  # let the next key start clean
        await asyncio.sleep(0.02)
        return painted - start, painted_cpu - cpu


async def navigation(home: Path, rounds: int) -> dict[str, dict[str, float]]:
    from newsroom_tui.service import Newsroom
    from newsroom_tui.tui.app import create_app

    newsroom = Newsroom.open(home)
    app = create_app(newsroom)
    results: dict[str, dict[str, float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: hasattr(app.screen, "headlines"))
        screen = app.screen
        await _until(lambda: screen.headlines.complete and _has_rows(screen))
        await _settle(app)
        await pilot.pause()
        probe = Probe(app)
        headlines = screen.headlines

        def summary(pairs: list[tuple[float, float]]) -> dict[str, float]:
            return _summary([wall for wall, _ in pairs], [cpu for _, cpu in pairs])

        async def cursor_key(key: str) -> tuple[float, float]:
            before = headlines.cursor
            return await probe.press(key, lambda: headlines.cursor != before and _has_rows(screen))

        results["move (j/k)"] = summary(
            [await cursor_key("k" if k % 4 == 3 else "j") for k in range(rounds * 3)]
        )
        results["page down"] = summary([await cursor_key("pagedown") for _ in range(rounds)])
        results["jump to end / start (G, g)"] = summary(
            [await cursor_key(key) for key in ("G", "g") * (rounds // 2)]
        )

        opens = []
        for _ in range(rounds):
            await cursor_key("j")
            target = headlines.current_id
            opens.append(
                await probe.press("enter", lambda target=target: screen.reader.item_id == target)
            )
        results["open item (enter)"] = summary(opens)

        # Switching source: down the sources pane and back up, every kind of source.
        screen.sources.focus()
        await pilot.pause()
        count = screen.sources.option_count
        keys = ["j"] * (count - 1) + ["k"] * (count - 1)

        async def switch(key: str) -> tuple[str, tuple[float, float]]:
            generation = headlines.generation
            took = await probe.press(
                key,
                lambda: headlines.generation != generation and _has_rows(screen),
            )
            return screen.spec.kind, took

        switches: dict[str, list[tuple[float, float]]] = {}
        while sum(len(v) for v in switches.values()) < rounds * 2:
            for key in keys:
                kind, took = await switch(key)
                switches.setdefault(kind, []).append(took)
        results["switch source (all kinds)"] = summary([t for v in switches.values() for t in v])
        for kind, samples in sorted(switches.items()):
            results[f"  of which {kind}"] = summary(samples)

        # The same sorted by views (a large feed's first rows walk the views index).
        screen.action_toggle_sort()
        await _settle(app)
        await pilot.pause()
        results["switch source, by views"] = summary([(await switch(k))[1] for k in keys])
    newsroom.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the reader on a large cache.")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--home", type=Path, help="use (or build, if empty) the cache here")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--first-screen", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.first_screen is not None:  # the child process of the startup figure
        print(json.dumps(asyncio.run(first_screen(args.first_screen))))
        return

    sys.path.insert(0, str(HERE))
    from make_cache import build_cache

    home = args.home or Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    if not (home / "newsroom.sqlite3").exists():
        started = time.perf_counter()
        build_cache(home, args.items)
        print(f"built a {args.items:,}-item cache in {time.perf_counter() - started:.1f} s")
    print(f"cache: {home / 'newsroom.sqlite3'}")

    # An installed app has its bytecode compiled: allow it, and warm it up once.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    startups = []
    for run in range(6):
        out = subprocess.run(
            [sys.executable, __file__, "--first-screen", str(home)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        if run:
            startups.append(json.loads(out.strip().splitlines()[-1]))
    print(f"\nfirst screen ({startups[0]['items']:,} items; median of 5 fresh processes):")
    for key in (
        "process_start_to_rows_ms",
        "cpu_time_to_rows_ms",
        "imports_ms",
        "create_app_to_rows_ms",
        "create_app_to_full_id_list_ms",
    ):
        print(f"  {key:32} {statistics.median(s[key] for s in startups):8.1f} ms")

    results = asyncio.run(navigation(home, args.rounds))
    load = os.getloadavg()[0]
    items = startups[0]["items"]
    print(f"\nlatency from key press to repainted screen ({items:,} items; load average {load:.1f}")
    print(f"on {os.cpu_count()} CPUs; 'cpu' is the process's CPU time for the same span):")
    print(f"  {'':36} {'median':>8} {'p90':>8} {'max':>8} {'cpu':>8}")
    for name, r in results.items():
        print(
            f"  {name:36} {r['median_ms']:7.1f}  {r['p90_ms']:7.1f}  {r['max_ms']:7.1f}"
            f"  {r['cpu_median_ms']:7.1f}   (n={r['n']})"
        )


if __name__ == "__main__":
    main()
