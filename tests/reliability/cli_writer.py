"""A second process that runs `tallyhour` commands back to back (as a script or a user would).

Run as `python -m tests.reliability.cli_writer DB_URL PLAN.json`: it prints "ready",
waits for a line on stdin, then runs each command of the plan through `app.cli.main`
(a fresh database connection each time, like a new `tallyhour` process) and prints one
JSON list of results: arguments, exit code, stderr, and when the command ran.
"""

from __future__ import annotations

import io
import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from app.cli import main as tallyhour


def run(url: str, args: list[str]) -> dict[str, Any]:
    """One command; its exit code and stderr."""
    out, err = io.StringIO(), io.StringIO()
    began = time.monotonic()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = tallyhour(["--db", url, *args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return {
        "args": args,
        "code": code,
        "stderr": err.getvalue(),
        "began": began,
        "ended": time.monotonic(),
    }


def main(argv: list[str]) -> None:
    """Wait for the go, run the plan, report."""
    url, plan_path = argv
    with open(plan_path, encoding="utf-8") as handle:
        plan: list[list[str]] = json.load(handle)
    print("ready", flush=True)
    sys.stdin.readline()
    results = [run(url, args) for args in plan]
    print(json.dumps(results, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
