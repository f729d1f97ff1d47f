"""Noticing when a SQLite file's locks or companion files were lost under an open connection.

SQLite guards a WAL database with POSIX advisory locks. Those belong to a process and
an inode, so anything else in this process that opens and closes the database or its
`-wal`/`-shm` file (a file dialog sniffing types, a preview) silently drops every lock
SQLite holds. Another process then believes it is the last user, checkpoints and deletes
the WAL, and from then on each side writes to files the other cannot see, until the
database is corrupt. This module tells whether that happened, so the database layer can
reconnect before it writes anything more.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

#: The files that make up a WAL database besides the main one.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
_PROC_LOCKS = Path("/proc/locks")


def database_files(path: Path) -> list[Path]:
    """The database file and every companion file SQLite may create beside it."""
    return [path, *(path.with_name(path.name + suffix) for suffix in COMPANION_SUFFIXES)]


@dataclass(frozen=True)
class FileIdentity:
    """Which files (device and inode) a set of open connections is using."""

    database: tuple[int, int]
    wal: tuple[int, int] | None
    shm: tuple[int, int] | None

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        """The identity of the files now on disk at `path` (None if the database is gone)."""
        database = _identity(path)
        if database is None:
            return None
        return cls(
            database=database,
            wal=_identity(path.with_name(path.name + "-wal")),
            shm=_identity(path.with_name(path.name + "-shm")),
        )


def files_changed(opened: FileIdentity, path: Path) -> str | None:
    """Why the files on disk are no longer those the connections opened, or None if they are.

    A WAL or shared-memory file that existed when the connections opened must still be
    there, the same inode, for as long as any of them is open: SQLite removes it only
    when its last connection closes, so its absence means another process did.
    """
    now = FileIdentity.of(path)
    if now is None:
        return "the database file was removed"
    if now.database != opened.database:
        return "the database file was replaced by another file"
    if opened.wal is not None and now.wal != opened.wal:
        return "another program removed the database's write-ahead log"
    if opened.shm is not None and now.shm != opened.shm:
        return "another program removed the database's shared-memory file"
    return None


def locks_lost(opened: FileIdentity) -> bool | None:
    """Whether this process no longer holds SQLite's locks on the database's files.

    Read from /proc/locks, so only known on Linux (None elsewhere, or when unknown).
    While a WAL connection is open it holds a shared lock on the database file and a read
    lock on the `-shm` file; a process with open connections that lacks either has lost
    them to a close() of another descriptor of that file.
    """
    if opened.shm is None or not sys.platform.startswith("linux"):
        return None
    try:
        table = _PROC_LOCKS.read_text()
    except OSError:
        return None
    pid = str(os.getpid())
    held = set()
    for line in table.splitlines():
        fields = line.split()
        # "1: POSIX  ADVISORY  READ 5901 fe:00:2155370 128 128" (blocked waiters show "->")
        if len(fields) >= 6 and fields[1] == "POSIX" and fields[4] == pid:
            held.add(fields[5])
    return not {_lock_key(opened.database), _lock_key(opened.shm)} <= held


def _lock_key(identity: tuple[int, int]) -> str:
    """How /proc/locks names a file: "major:minor:inode", the device numbers in hex."""
    device, inode = identity
    return f"{os.major(device):02x}:{os.minor(device):02x}:{inode}"


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, or None when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)
