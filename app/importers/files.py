"""Reading export files: text with or without a byte-order mark, CSV rows with line numbers."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.core.text import quoted

#: Larger files are refused: no tracker export of one person comes near this.
MAX_FILE_BYTES = 512 * 1024 * 1024


class BadFile(UserError):
    """The file cannot be imported as a whole; nothing is written."""


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a byte-order mark dropped), or one clear refusal."""
    try:
        if path.is_dir():
            raise BadFile(f"{path} is a folder, not an export file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadFile(f"{path} is too large to be an export ({size // 2**20} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFile(f"no file {path}") from None
    except OSError as error:
        raise BadFile(f"cannot read {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(
            f"{path.name} is not UTF-8 text (byte {error.start + 1}); export it again as CSV"
        ) from None
    if "\x00" in text:
        raise BadFile(f"{path.name} holds binary data, not an export")
    if not text.strip():
        raise BadFile(f"{path.name} is empty")
    return text


def csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (first line number, row by column name) of CSV text."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise BadFile("the file has no header row") from None
    except csv.Error as error:
        raise BadFile(f"line 1: not readable as CSV ({error})") from None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise BadFile(f"line {line}: not readable as CSV ({error})") from None
            if any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    raise BadFile(
                        f"line {line}: {len(cells)} fields where the header has {len(header)}"
                    )
                yield line, dict(zip(header, cells, strict=True))
            line = reader.line_num + 1

    return header, rows()


def require_columns(header: Sequence[str], wanted: Sequence[str], *, what: str) -> None:
    """Refuse a CSV header that lacks a column the format needs."""
    missing = [name for name in wanted if name not in header]
    if missing:
        raise BadFile(f"not {what}: no column {quoted(missing[0])} in the header")


def read_json(text: str, *, what: str) -> Any:
    """Parsed JSON, or a refusal naming the line of the first error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadFile(f"line {error.lineno}: not {what} ({error.msg})") from None


def stable_id(*parts: object) -> str:
    """A short hash of what identifies a record that has no id of its own."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def read_rate(text: str, *, line: int) -> Decimal | None:
    """A rate or amount cell ("45", "1,250.50"): None when empty, refused when not money."""
    raw = text.strip().replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadFile(f"line {line}: {quoted(text.strip(), 30)} is not an amount") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise BadFile(f"line {line}: {quoted(text.strip(), 30)} is not an amount in cents")
    return value.quantize(Decimal("0.01")) or None
