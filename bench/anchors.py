"""Watson and Timewarrior as measured anchors: the same synthetic frames in all three trackers.

Watson comes from PyPI's `td-watson` (`make bench-tools` puts it in a virtual environment in
bench/cache/, never in the app's), Timewarrior from Debian's `timewarrior`. When one is
missing, its rows are skipped and the bench says how to install it. Tallyhour gets the
frames through `tallyhour import watson`, as a user would bring their history.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import data
from bench.measure import Figure, alternating_seconds, python

FRAMES = 100_000
#: Bump when the frames change, so stale cached stores are rebuilt.
ANCHOR_VERSION = 1
#: A past billing week inside the frames, and the same dates for Watson and Timewarrior.
PAST_WEEK, PAST_FROM, PAST_TO = "2022-W10", "2022-03-07", "2022-03-13"
WATSON_VENV = data.CACHE / "watson-venv"
INSTALL = {
    "watson": "make bench-tools (PyPI's td-watson in bench/cache/watson-venv)",
    "timew": "apt-get install timewarrior",
}


def frame_rows(count: int) -> list[tuple[int, int, str, str]]:
    """(start, stop, project, id): 45-minute frames an hour apart over five projects."""
    first = int((data.NOW - timedelta(hours=count + 24)).timestamp())
    return [
        (first + 3600 * n, first + 3600 * n + 2700, f"project-{n % 5}", f"{n:032x}")
        for n in range(count)
    ]


def write_watson_frames(path: Path, count: int) -> Path:
    """Watson's frames file (a JSON list of [start, stop, project, id, tags, updated])."""
    frames = [
        [start, stop, project, key, ["bench"], 0] for start, stop, project, key in frame_rows(count)
    ]
    path.write_text(json.dumps(frames, indent=1), encoding="utf-8")
    return path


def _timew_stamp(epoch: int) -> str:
    """An instant as Timewarrior writes it in its data files."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%dT%H%M%SZ")


def _write_timew(folder: Path, count: int, running_since: int) -> None:
    """Timewarrior's database: one data file a month, plus the running interval."""
    months: dict[str, list[str]] = {}
    for start, stop, project, _key in frame_rows(count):
        month = datetime.fromtimestamp(start, UTC).strftime("%Y-%m")
        months.setdefault(month, []).append(
            f"inc {_timew_stamp(start)} - {_timew_stamp(stop)} # {project} bench\n"
        )
    now_month = datetime.fromtimestamp(running_since, UTC).strftime("%Y-%m")
    months.setdefault(now_month, []).append(f"inc {_timew_stamp(running_since)} # project-0\n")
    (folder / "data").mkdir(parents=True)
    (folder / "timewarrior.cfg").write_text("", encoding="utf-8")
    for month, lines in months.items():
        (folder / "data" / f"{month}.data").write_text("".join(lines), encoding="utf-8")


def stores() -> Path:
    """The cached folder with the same frames for Watson, Timewarrior and Tallyhour."""
    folder = data.CACHE / f"anchors-{FRAMES}-v{ANCHOR_VERSION}"
    if (folder / "ready").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "watson").mkdir(parents=True)
    began = time.perf_counter()
    running_since = int(data.NOW.timestamp())
    frames = write_watson_frames(folder / "watson" / "frames", FRAMES)
    (folder / "watson" / "state").write_text(
        json.dumps({"project": "project-0", "start": running_since, "tags": []}), encoding="utf-8"
    )
    _write_timew(folder / "timew", FRAMES, running_since)
    db = folder / "tallyhour.sqlite"
    for args in (
        ["import", "watson", str(frames), "--timezone", "UTC"],
        ["start", "project-0", "--at", data.NOW.isoformat()],
    ):
        subprocess.run([_tallyhour(), "--db", str(db), *args], env=_env(folder), check=True,
                       capture_output=True)  # fmt: skip
    (folder / "ready").write_text("", encoding="utf-8")
    print(f"built the {FRAMES:,} frames of the anchors in {time.perf_counter() - began:.1f} s")
    return folder


def _tallyhour() -> str:
    """The `tallyhour` command of this environment."""
    return str(Path(python()).with_name("tallyhour"))


def _watson() -> str | None:
    """Watson's command, from bench/cache/watson-venv or the PATH."""
    own = WATSON_VENV / "bin" / "watson"
    return str(own) if own.exists() else shutil.which("watson")


def _env(folder: Path) -> dict[str, str]:
    """Every tracker in UTC, on the anchors' data, never the user's."""
    return {
        "TZ": "UTC",
        "WATSON_DIR": str(folder / "watson"),
        "TIMEWARRIORDB": str(folder / "timew"),
        "TALLYHOUR_LOG_DIR": str(folder / "logs"),
    }


def measure_anchors(scratch: Path) -> list[Figure]:
    """`status` and a past week's report as whole processes, against Watson and Timewarrior."""
    tools = {"watson": _watson(), "timew": shutil.which("timew")}
    for name, command in tools.items():
        if command is None:
            print(f"  {name} is not installed: its rows are skipped (install: {INSTALL[name]})")
    folder = stores()
    db = str(folder / "tallyhour.sqlite")
    commands = {
        "status": [_tallyhour(), "--db", db, "status"],
        "week": [_tallyhour(), "--db", db, "week", "--week", PAST_WEEK, "--json"],
    }
    if tools["watson"]:
        commands["watson status"] = [tools["watson"], "status"]
        commands["watson report"] = [
            tools["watson"],
            "report",
            "--from",
            PAST_FROM,
            "--to",
            PAST_TO,
        ]
    if tools["timew"]:
        commands["timew"] = [tools["timew"]]
        commands["timew summary"] = [tools["timew"], "summary", PAST_FROM, "-", "2022-03-14"]
    env = dict(os.environ, **_env(folder))
    seconds = alternating_seconds(commands, env=env)
    status, week = seconds["status"], seconds["week"]
    figures: list[Figure] = []
    if tools["watson"]:
        figures.append(_ratio("status_vs_watson_s", status, seconds["watson status"], 1))
        figures.append(_ratio("past_week_vs_watson_s", week, seconds["watson report"], 0.25))
    if tools["timew"]:
        figures.append(_ratio("status_vs_timew_s", status, seconds["timew"], None))
        figures.append(_ratio("past_week_vs_timew_s", week, seconds["timew summary"], 4))
    return figures


def _ratio(name: str, value: float, baseline: float, most: float | None) -> Figure:
    """A process figure against its anchor, with its target ratio when it has one."""
    figure = Figure(name, value, "s", baseline, value / baseline)
    if most is not None:
        figure.target = f"ratio <= {most:g}"
        figure.met = figure.ratio is not None and figure.ratio <= most
    return figure
