"""No `--out` writes over the database, its companion files, its backups or a special file."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.reports.files import check_output_path
from tests.reliability.conftest import dump_database

WEEK = "2026-W49"
RUN_CLI = "import sys; from app.cli import main; sys.exit(main())"

#: Every command that writes a file the user names with --out (the invoice last: it
#: writes rows, so it runs on a copy of the arguments with a fresh week each time).
WRITERS = {
    "timesheet": ["timesheet", "Job", "--week", WEEK, "--out"],
    "invoice": ["invoice", "Job", "--week", WEEK, "--out"],
    "invoice --draft": ["invoice", "Job", "--week", WEEK, "--draft", "--out"],
    "invoices pdf": ["invoices", "pdf", "1", "--out"],
    "export entries": ["export", "entries", "--out"],
    "export invoices": ["export", "invoices", "--out"],
    "backup": ["backup", "--out"],
}


@pytest.fixture
def books(cli, db_path):
    """A client, an hourly contract, an hour of work in 2026-W49 and one issued invoice."""
    assert cli("client", "add", "Acme")[0] == 0
    assert cli("contract", "add", "Job", "--client", "Acme", "--hourly", "50")[0] == 0
    assert cli("contract", "add", "Other", "--client", "Acme", "--hourly", "50")[0] == 0
    for contract, start, end in (("Job", "09:00", "10:00"), ("Other", "10:00", "11:00")):
        logged = cli("log", contract, "--from", f"2026-11-30T{start}", "--to", f"2026-11-30T{end}")
        assert logged[0] == 0
    assert cli("invoice", "Other", "--week", WEEK, "--out", str(db_path.parent / "i.pdf"))[0] == 0
    assert cli("backup")[0] == 0
    return db_path


def sound(path: Path) -> bool:
    """Whether the file is still a SQLite database whose integrity check passes."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def dangerous_targets(db_path: Path) -> dict[str, Path]:
    """Names of the database, its companions and its backups, spelled every sneaky way."""
    folder = db_path.parent
    link = folder / "innocent.pdf"
    link.symlink_to(db_path)
    hard = folder / "hard-link.pdf"
    os.link(db_path, hard)
    sub = folder / "sub"
    sub.mkdir()
    wal_link = folder / "wal-link.pdf"
    wal_link.symlink_to(Path(f"{db_path}-wal"))
    backup = next(path for path in (folder / "backups").rglob("*.sqlite") if path.is_file())
    return {
        "the database": db_path,
        "the database through ..": sub / ".." / db_path.name,
        "a symlink to the database": link,
        "a hard link to the database": hard,
        "its -wal": Path(f"{db_path}-wal"),
        "its -shm": Path(f"{db_path}-shm"),
        "its -journal (missing)": Path(f"{db_path}-journal"),
        "a symlink to its -wal": wal_link,
        "a backup": backup,
        "a new file in the backups folder": backup.parent / "new.pdf",
        "a hard link to a backup": _hard_link(backup, folder / "backup-link.pdf"),
    }


def _hard_link(source: Path, link: Path) -> Path:
    os.link(source, link)
    return link


@pytest.mark.parametrize("command", WRITERS)
def test_no_out_may_name_the_database_its_files_or_its_backups(cli, books, command):
    targets = dangerous_targets(books)
    for what, target in targets.items():
        before = dump_database(books)
        kept = {p: p.read_bytes() for p in (books.parent / "backups").rglob("*") if p.is_file()}
        code, out, err = cli(*WRITERS[command], str(target))
        assert code == 2, f"{command} --out {what}: {out}{err}"
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
        assert out == ""
        assert dump_database(books) == before, f"{command} --out {what} changed the data"
        assert {
            p: p.read_bytes() for p in (books.parent / "backups").rglob("*") if p.is_file()
        } == kept
        assert sound(books)
    assert cli("status")[0] == 0


def test_the_window_can_ask_the_same_rule(db, tmp_path):
    assert db.path is not None
    for name in ("tallyhour.sqlite", "tallyhour.sqlite-wal", "backups/x.pdf"):
        with pytest.raises(UserError):
            check_output_path(db, tmp_path / name)
    assert check_output_path(db, tmp_path / "fine.pdf") == tmp_path / "fine.pdf"


def test_out_through_a_symlink_writes_the_target_and_keeps_the_link(cli, books, tmp_path):
    real = tmp_path / "docs" / "sheet.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    assert cli(*WRITERS["timesheet"], str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"%PDF")


def test_a_dangling_symlink_is_refused(cli, books, tmp_path):
    link = tmp_path / "dangling.pdf"
    link.symlink_to(tmp_path / "nowhere" / "x.pdf")
    code, _, err = cli(*WRITERS["timesheet"], str(link))
    assert code == 2 and "does not exist" in err
    assert link.is_symlink()


def read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    """Read a named pipe to its end in the background."""

    def read() -> None:
        with open(path, "rb") as pipe:
            into.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize(
    ("command", "magic"),
    [("timesheet", b"%PDF"), ("export entries", b"id,contract"), ("backup", b"SQLite format 3")],
)
def test_out_to_a_fifo_writes_into_it_and_keeps_the_fifo(cli, books, tmp_path, command, magic):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = read_fifo(fifo, received)
    code, _, err = cli(*WRITERS[command], str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert received and received[0].startswith(magic)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_refused_without_hanging(cli, books, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = cli(*WRITERS["timesheet"], str(fifo))
    assert code == 2 and "nothing is reading" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A node of the real null device (/dev/null's device number) in the test's folder.

    The tests never name the machine's own /dev/null or /dev/stdout: a regression would
    replace them with regular files for every process on the machine.
    """
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root; the terminal test covers devices")
    return node


@pytest.mark.parametrize("command", ["timesheet", "export entries", "backup"])
def test_out_to_the_null_device_leaves_it_a_device(cli, books, null_device, command):
    code, _, err = cli(*WRITERS[command], str(null_device))
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(null_device).st_mode)
    assert os.lstat(null_device).st_rdev == os.makedev(1, 3)


def test_out_to_a_terminal_writes_into_it(cli, books):
    controller, terminal = os.openpty()
    received = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal side was closed by everyone
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        code, _, err = cli(*WRITERS["export entries"], os.ttyname(terminal))
    finally:
        os.close(terminal)
    reader.join(timeout=30)
    os.close(controller)
    assert code == 0, err
    assert bytes(received).startswith(b"id,contract,client")


def test_a_socket_is_refused(cli, books, tmp_path):
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, _, err = cli(*WRITERS["timesheet"], str(path))
    assert code == 2 and "socket" in err
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_out_to_its_own_stdout_writes_to_the_pipe(books, db_url):
    """A real process: `tallyhour export entries --out /dev/fd/1 | reader`.

    /dev/fd/1 resolves like /dev/stdout (through /proc/self/fd/1 to the pipe), but a
    regression cannot rename a file over it, so the machine's /dev/stdout stays safe.
    """
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, "--db", db_url, "export", "entries", "--out", "/dev/fd/1"],
        capture_output=True,
        check=False,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"id,contract,client")
    assert b"2026-11-30T09:00:00+00:00" in done.stdout
