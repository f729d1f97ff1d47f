"""The same command-line flow on SQLite and on PostgreSQL: median seconds per step.

Run with a server that may create databases:
`TALLYHOUR_TEST_PG_URL=postgresql://... python -m bench.engines [RUNS]`
(`.ci/postgres start DIR` prints such a URL). Each run uses a new file and a new server
database; every step is a whole `tallyhour` process, as a user or a script runs it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.postgres import create_database, database_url, drop_database

#: The flow: set up, track time, report, bill, back up.
FLOW: list[tuple[str, list[str]]] = [
    ("client add", ["client", "add", "Acme"]),
    ("contract add", ["contract", "add", "API work", "--client", "Acme", "--hourly", "60",
                      "--platform", "upwork", "--weekly-limit", "20"]),
    ("log", ["log", "API work", "--from", "2026-03-02T09:00Z", "--to", "2026-03-02T11:00Z",
             "--memo", "review"]),
    ("start", ["start", "API work", "--memo", "rate limiter"]),
    ("status --json", ["status", "--json"]),
    ("stop", ["stop"]),
    ("week --json", ["week", "--week", "2026-W10", "--json"]),
    ("entries --json", ["entries", "--week", "2026-W10", "--json"]),
    ("earnings --json", ["earnings", "--weeks", "12", "--json"]),
    ("invoice (PDF)", ["invoice", "API work", "--week", "2026-W10", "--out", "{dir}/inv.pdf"]),
    ("backup", ["backup", "--out", "{dir}/copy.sqlite"]),
]  # fmt: skip

CLI = "import sys; from app.cli import main; sys.exit(main())"


def run_flow(url: str, folder: Path) -> dict[str, float]:
    """Seconds per step of one pass of the flow on one database."""
    seconds = {}
    env = dict(os.environ, TZ="UTC", TALLYHOUR_DB=url)
    for name, args in FLOW:
        argv = [sys.executable, "-c", CLI, *(a.format(dir=folder) for a in args)]
        began = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        seconds[name] = time.perf_counter() - began
    return seconds


def main(argv: list[str]) -> int:
    """Measure both engines, print a table of medians and the ratio."""
    runs = int(argv[0]) if argv else 5
    results: dict[str, dict[str, list[float]]] = {"sqlite": {}, "postgresql": {}}
    for number in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            for name, seconds in run_flow(f"sqlite:///{work / 'bench.sqlite'}", work).items():
                results["sqlite"].setdefault(name, []).append(seconds)
            database = create_database()
            try:
                for name, seconds in run_flow(database_url(database), work).items():
                    results["postgresql"].setdefault(name, []).append(seconds)
            finally:
                drop_database(database)
        print(f"run {number + 1}/{runs} done", file=sys.stderr, flush=True)
    print(f"median of {runs} runs, seconds per whole `tallyhour` process")
    print("| step | SQLite | PostgreSQL | ratio |\n|---|---:|---:|---:|")
    totals = {"sqlite": 0.0, "postgresql": 0.0}
    for name, _ in FLOW:
        lite = statistics.median(results["sqlite"][name])
        server = statistics.median(results["postgresql"][name])
        totals["sqlite"] += lite
        totals["postgresql"] += server
        print(f"| {name} | {lite:.3f} | {server:.3f} | {server / lite:.2f} |")
    lite, server = totals["sqlite"], totals["postgresql"]
    print(f"| whole flow | {lite:.3f} | {server:.3f} | {server / lite:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
