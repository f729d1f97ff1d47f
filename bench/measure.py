"""Timing helpers: medians of repeated runs, whole processes, resident memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

RUNS = 7


@dataclass
class Figure:
    """One measured figure as written to bench/results.json."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str | None = None
    met: bool | None = None

    def as_json(self) -> dict[str, Any]:
        """The figure as a JSON object with rounded numbers."""
        data = asdict(self)
        for key in ("value", "baseline", "ratio"):
            if data[key] is not None:
                data[key] = round(data[key], 4)
        return data


def median_seconds(action: Callable[[], object], *, runs: int = RUNS, warmup: int = 1) -> float:
    """The median wall time of `action` over `runs` calls, after `warmup` unmeasured ones."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def process_seconds(
    argv: Sequence[str], *, env: dict[str, str] | None = None, runs: int = RUNS
) -> float:
    """The median wall time of a whole process from spawn to exit (it must exit 0)."""
    full_env = dict(os.environ, **(env or {}))

    def run() -> None:
        result = subprocess.run(argv, env=full_env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{argv[:3]} failed: {result.stderr.strip()[-400:]}")

    return median_seconds(run, runs=runs)


def python() -> str:
    """This interpreter (the project's virtual environment)."""
    return sys.executable


def machine() -> str:
    """A one-line description of this machine."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}"


#: What a window program prints, followed by `time.monotonic()`, when it first painted.
PAINTED = "painted_at"


def print_painted() -> None:
    """Say when this process painted, on the system-wide clock its parent reads too."""
    print(f"{PAINTED} {time.monotonic():.6f}", flush=True)


def alternating_seconds(
    commands: dict[str, Sequence[str]],
    *,
    env: dict[str, str],
    runs: int = RUNS,
    until_painted: bool = False,
) -> dict[str, float]:
    """Median wall seconds of whole processes run in turn (A, B, C, A, B, C, ...).

    Load changes hit every command alike; each must exit 0. With `until_painted`, each
    time ends when the process printed `PAINTED` (its first paint), not when it exited.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            began = time.monotonic()
            result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            ended = _painted_at(result.stdout) if until_painted else time.monotonic()
            if result.returncode != 0 or ended is None:
                raise RuntimeError(f"{name} failed: {result.stderr.strip()[-400:]}")
            if round_:  # the first round only warms the caches
                times[name].append(ended - began)
    return {name: statistics.median(values) for name, values in times.items()}


def _painted_at(printed: str) -> float | None:
    """The instant a window program said it painted (`PAINTED` and a monotonic time)."""
    words = printed.split()
    if PAINTED not in words:
        return None
    return float(words[words.index(PAINTED) + 1])
