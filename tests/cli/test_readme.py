"""Every command the README shows runs as written, in order, on a new database."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import pytest

from tests.support.mailserver import memory_keyring

README = Path(__file__).resolve().parents[2] / "README.md"

#: Lines of the README's shell blocks that are not `tallyhour` commands for a new database,
#: and why the test does not run them.
NOT_RUN = {
    "make run": "opens the window",
    "make test": "runs this very suite",
    "make lint": "the linters",
    "make crash-full": "the long crash loop",
    "make bench": "the benchmark",
    "make screenshots": "rewrites docs/",
    "tallyhour --db ~/work/tallyhour.sqlite": "opens the window on another file",
    "TALLYHOUR_DB=postgresql://me@db.example/tallyhour tallyhour status": "a server",
    "tallyhour db copy --to postgresql://sam@db.example/tallyhour": "a server",
    "pip install tallyhour[postgres]": "installs the driver",
    "sudo -u postgres psql -c CREATE ROLE sam LOGIN PASSWORD 'choose-one'": "on the server",
    "sudo -u postgres psql -c CREATE DATABASE tallyhour OWNER sam": "on the server",
    "export TALLYHOUR_DB=postgresql://sam@db.example/tallyhour": "a server",
    "tallyhour config db-password --password-stdin": "a server's password",
    "tallyhour --db ~/.local/share/tallyhour/tallyhour.sqlite db copy --to"
    " postgresql://sam@db.example/tallyhour": "a server",
    "tallyhour db copy --to ~/laptop-copy.sqlite": "writes into your home folder",
    "python -m bench.engines": "the benchmark, on a server",
    "tallyhour import toggl Toggl_time_entries.csv --timezone Europe/Berlin --dry-run": (
        "needs your Toggl export (tests/importers read files shaped like it)"
    ),
    "tallyhour import watson ~/.config/watson/frames --map acme-api=API work --rate 60": (
        "needs your Watson frames"
    ),
    "tallyhour import upwork statement.csv --client Acme Ltd --json": (
        "needs your Upwork statement"
    ),
}


def readme_commands() -> list[str]:
    """The commands of the README's ```sh blocks, comments and line continuations removed."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands: list[str] = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if not words:
                continue
            joined = shlex.join(words).replace("'&&'", "&&")
            commands.extend(part.strip() for part in joined.split("&&"))
    return commands


def test_the_readme_shows_commands_to_run():
    commands = readme_commands()
    assert sum(c.startswith("tallyhour ") for c in commands) >= 25
    assert any(c.startswith("tallyhour milestone add") for c in commands)


@pytest.mark.sqlite_only  # the README's examples use a new local file (ids start at 1)
def test_every_readme_command_runs_as_written(th, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran, skipped = [], []
    with memory_keyring():
        for command in readme_commands():
            shown = " ".join(shlex.split(command))
            if shown in NOT_RUN:
                skipped.append(shown)
                continue
            words = [w for w in shlex.split(command) if not re.fullmatch(r"\[.*\]", w)]
            assert words[0] == "tallyhour", f"not a tallyhour command: {command}"
            if "--password-stdin" in words:
                monkeypatch.setattr("sys.stdin", io.StringIO("app-password\n"))
            code, out, err = th(*words[1:])
            assert code == 0, f"{command}\n{err}"
            ran.append(shown)
    assert set(skipped) == set(NOT_RUN)  # nothing else was left out
    assert len(ran) >= 25


@pytest.mark.sqlite_only  # the example makes its own file in the current folder
def test_the_money_example_gives_the_numbers_it_states(th, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    example = [c for c in readme_commands() if "money-example.sqlite" in c]
    assert len(example) >= 10
    outputs = []
    for command in example:
        code, out, err = th(*shlex.split(command)[1:])
        assert code == 0, f"{command}\n{err}"
        outputs.append(out)
    board = json.loads(next(o for c, o in zip(example, outputs, strict=True) if " earnings " in c))
    totals = board["totals"]
    stated = (
        totals["gross"],
        totals["fee"],
        totals["net"],
        totals["tax"],
        totals["costs"],
        totals["withdrawal_fees"],
        totals["take_home"],
        board["withdrawable"],
    )
    assert stated == ("500.00", "100.00", "400.00", "100.00", "32.00", "0.99", "267.01", "299.01")
    listed = json.loads(
        next(o for c, o in zip(example, outputs, strict=True) if "contract list" in c)
    )
    assert listed["contracts"][0]["effective_hourly"] == "80.00"
    text = README.read_text(encoding="utf-8")
    for figure in ("take-home\n**267.01**", "299.01 withdrawable", "`effective_hourly` of 80.00"):
        assert " ".join(figure.split()) in " ".join(text.split())
