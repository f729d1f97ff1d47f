"""Writing report files safely: check the target first, write beside it, rename into place.

A failure never leaves a half-written file, and an unwritable target is refused before
anything is computed or stored. No output ever lands on the database, its `-wal`,
`-shm` or `-journal` file or the backups folder (`check_output_path`), and a pipe or a
device named as the output is written into, never replaced by a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import UserError
from app.models.file_guard import COMPANION_SUFFIXES

if TYPE_CHECKING:
    from app.models.database import Database

#: The name of the folder of automatic backups, beside the database file.
BACKUPS_FOLDER = "backups"


def backups_folder(db_path: Path) -> Path:
    """The folder of automatic backups of the database file at `db_path`."""
    return db_path.parent / BACKUPS_FOLDER


def check_output_path(db: Database, out: Path) -> Path:
    """The output path made absolute, or a UserError if writing it could harm the data.

    Refuses the database file, its companions and anything in its backups folder, by
    name (through `..` and symbolic links) and by inode (hard links), plus everything
    `check_writable` refuses. Every `--out` of the command line and every save dialog
    of the window goes through this before anything is computed or stored.
    """
    out = check_writable(out)
    if db.path is not None:
        _refuse_database_files(db.path, out)
    return out


def check_writable(out: Path) -> Path:
    """The output path made absolute, or a clear refusal before anything is computed."""
    out = out.expanduser().absolute()
    if out.is_symlink() and not out.exists():
        raise UserError(f"{out} is a link to a file that does not exist")
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name such as report.pdf")
    if out.exists() and not _is_regular(out):
        if not _is_stream(out):
            raise UserError(f"{out} is a socket or a disk device, not a file to write")
        if not os.access(out, os.W_OK):
            raise UserError(f"cannot write {out}: permission denied")
        return out
    folder = Path(os.path.realpath(out)).parent
    if not folder.is_dir():
        raise UserError(f"the folder {out.parent} does not exist")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UserError(f"cannot write {out}: permission denied")
    return out


def write_atomically(out: Path, write: Callable[[str], None]) -> Path:
    """Call `write(temp_path)`, then move the finished file onto `out`.

    A link is written through (the link stays, its target gets the new file); a pipe
    or a character device (`/dev/null`, a terminal) gets the bytes written into it.
    """
    out = check_writable(out)
    if out.exists() and _is_stream(out):
        with tempfile.TemporaryDirectory(prefix="tallyhour-") as folder:
            temp_name = os.path.join(folder, "out" + out.suffix)
            write(temp_name)
            _copy_into(temp_name, out)
        return out
    target = Path(os.path.realpath(out))
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tallyhour-", suffix=out.suffix)
    os.close(handle)
    try:
        write(temp_name)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return out


def _refuse_database_files(db_path: Path, out: Path) -> None:
    """Raise if `out` is the database, one of its companion files or in its backups."""
    real_db = os.path.realpath(db_path)
    real_out = Path(os.path.realpath(out))
    own_files = [Path(real_db + suffix) for suffix in ("", *COMPANION_SUFFIXES)]
    if real_out == own_files[0] or _same_file(out, db_path):
        raise UserError(f"{out} is Tallyhour's database itself; write to another file")
    for suffix, own in zip(COMPANION_SUFFIXES, own_files[1:], strict=True):
        if real_out == own or _same_file(out, Path(f"{db_path}{suffix}")):
            raise UserError(f"{out} is the database's {suffix} file; write to another file")
    backups = Path(os.path.realpath(backups_folder(db_path)))
    in_backups = backups in real_out.parents
    if not in_backups and backups.is_dir() and _is_regular(out):
        in_backups = any(_same_file(out, kept) for kept in backups.rglob("*") if kept.is_file())
    if in_backups:
        raise UserError(f"{out} is in the backups folder {backups}; write somewhere else")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (same device and inode)."""
    try:
        first, second = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _is_regular(path: Path) -> bool:
    """Whether the path (followed through links) is a regular file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _is_stream(path: Path) -> bool:
    """Whether the path (followed through links) is a pipe or a character device."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _copy_into(source: str, node: Path) -> None:
    """Write a finished file's bytes into a pipe or device, without replacing the node."""
    # Without a reader a pipe would block forever: open it without waiting, then write.
    no_wait = getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(node, os.O_WRONLY | no_wait)
    except OSError as error:
        if stat.S_ISFIFO(os.stat(node).st_mode):
            raise UserError(f"nothing is reading from the pipe {node}") from None
        raise UserError(f"cannot write {node}: {error.strerror or error}") from None
    try:
        if no_wait:
            os.set_blocking(descriptor, True)
        with open(source, "rb") as finished, os.fdopen(descriptor, "wb", closefd=False) as sink:
            while chunk := finished.read(1 << 16):
                sink.write(chunk)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): the command line ends quietly
    except OSError as error:
        raise UserError(f"cannot write {node}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
