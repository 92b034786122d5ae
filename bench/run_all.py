"""Run every benchmark and keep one report.

    .venv/bin/python bench/run_all.py            # the full set: 500 feeds, 3 runs, 100,000 items
    .venv/bin/python bench/run_all.py --quick    # a smoke run: 50 feeds, 1 run, 10,000 items

Runs, in order: bench_fetch.py (newsroom against newsboat, 0 and 50 ms),
bench_parse.py (throughput and cache size), bench_search.py (latency at
--items), profile_fetch.py (where the cold fetch's time goes). Their output
goes to the terminal and to bench/.work/results/report-DATE.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DIR, WORK, machine_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--feeds", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--items", type=int, default=None)
    parser.add_argument("--latency", default="0,50")
    parser.add_argument("--only", default="fetch,parse,search,profile")
    args = parser.parse_args(argv)
    feeds = args.feeds or (50 if args.quick else 500)
    runs = args.runs or (1 if args.quick else 3)
    items = args.items or (10_000 if args.quick else 100_000)
    steps = {
        "fetch": [
            "bench_fetch.py",
            "--feeds",
            str(feeds),
            "--runs",
            str(runs),
            "--latency",
            args.latency,
        ],
        "parse": ["bench_parse.py", "--feeds", str(feeds)],
        "search": ["bench_search.py", "--items", str(items)],
        "profile": ["profile_fetch.py", "--feeds", str(feeds), "--latency-ms", "50"],
    }
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    report = WORK / "results" / f"report-{time.strftime('%Y%m%d-%H%M%S')}.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    failed = 0
    with report.open("w") as out:
        out.write(
            f"# newsroom benchmarks, {time.strftime('%Y-%m-%d %H:%M')}\n\n{machine_line()}\n\n"
        )
        for name in wanted:
            command = [sys.executable, str(BENCH_DIR / steps[name][0]), *steps[name][1:]]
            shown = " ".join(["bench/" + steps[name][0], *steps[name][1:]])
            print(f"\n=== {shown}", flush=True)
            out.write(f"\n`.venv/bin/python {shown}`\n\n")
            started = time.perf_counter()
            proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                sys.stdout.write(line)
                out.write(line)
            code = proc.wait()
            failed += code != 0
            out.write(f"\n({name}: exit {code}, {time.perf_counter() - started:.0f}s)\n")
            out.flush()
    print(f"\nreport: {report}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
