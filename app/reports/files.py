"""Writing report files safely: check the target first, write beside it, rename into place.

A failure never leaves a half-written file, and an unwritable target is refused before
anything is computed or stored.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.core.errors import UserError


def check_writable(out: Path) -> Path:
    """The output path made absolute, or a clear refusal before anything is computed."""
    out = out.expanduser().absolute()
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name such as report.pdf")
    if not out.parent.is_dir():
        raise UserError(f"the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UserError(f"cannot write {out}: permission denied")
    return out


def write_atomically(out: Path, write: Callable[[str], None]) -> Path:
    """Call `write(temp_path)`, then move the finished file onto `out`."""
    out = check_writable(out)
    handle, temp_name = tempfile.mkstemp(dir=out.parent, prefix=".tallyhour-", suffix=out.suffix)
    os.close(handle)
    try:
        write(temp_name)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, out)
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
    return out
