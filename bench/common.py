"""Helpers the bench scripts share: where things go, timing a child, tables."""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = Path(os.environ.get("NEWSROOM_BENCH_WORK", BENCH_DIR / ".work"))


def newsroom_command() -> list[str]:
    """The installed `newsroom` script beside this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / "newsroom"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "newsroom_tui"]


def data_dir(feeds: int, seed: int) -> Path:
    return WORK / f"feeds-{feeds}-s{seed}"


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@dataclass(slots=True)
class Measure:
    """One child process: wall seconds, CPU seconds (user + sys), peak RSS in MB."""

    wall: float
    user: float
    sys: float
    rss_mb: float
    rc: int
    stdout: bytes = b""
    stderr: bytes = b""
    # Peak of the summed PSS of the command and its child processes (parse
    # workers), sampled every 50 ms; rss_mb is the largest single process only.
    tree_mb: float = 0.0

    @property
    def cpu(self) -> float:
        return self.user + self.sys


def run_measured(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 900.0,
    out_dir: Path | None = None,
) -> Measure:
    """Run `cmd` through rusage_launch.py and return its own time and peak RSS."""
    out_dir = out_dir or WORK
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = out_dir / "last.stdout", out_dir / "last.stderr"
    usage_path = out_dir / "last.rusage.json"
    usage_path.unlink(missing_ok=True)
    launcher = [sys.executable, "-S", "-E", str(BENCH_DIR / "rusage_launch.py"), str(usage_path)]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [*launcher, *cmd],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,  # so a timeout can stop the command with its launcher
        )
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(f"timed out after {timeout:g}s: {' '.join(cmd)}") from None
        finally:
            sampler.stop()
    usage = json.loads(usage_path.read_text())
    return Measure(
        wall=usage["wall"],
        user=usage["user"],
        sys=usage["sys"],
        rss_mb=usage["rss_kib"] / 1024,
        rc=usage["rc"],
        stdout=out_path.read_bytes(),
        stderr=err_path.read_bytes(),
        tree_mb=max(sampler.peak_kib / 1024, usage["rss_kib"] / 1024 if not sampler.samples else 0),
    )


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a launcher's descendants (not the launcher itself)."""

    def __init__(self, launcher: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.launcher = launcher
        self.interval = interval
        self.peak_kib = 0
        self.samples = 0
        self._done = threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            pids = _descendants(self.launcher)[1:]
            if not pids:
                continue
            total = sum(_pss_kib(pid) for pid in pids)
            self.samples += 1
            self.peak_kib = max(self.peak_kib, total)


def _descendants(root: int) -> list[int]:
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (pct in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, so the output pastes straight into the README or a note."""
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def machine_line() -> str:
    cores = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = "unknown CPU"
    py = ".".join(map(str, sys.version_info[:3]))
    return f"{cores} cores ({model}), Python {py}"


def source_fingerprint() -> str:
    """A short hash of the app's source, so a report says which code it measured."""
    import hashlib

    digest = hashlib.blake2b(digest_size=6)
    for path in sorted((REPO / "src").rglob("*.py")):
        digest.update(path.relative_to(REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
