"""Readers of other trackers' and marketplaces' exports, one small module per format.

Each module has `parse(text, options) -> ParsedFile`; a file that cannot be read as a
whole raises `BadFile` (one clear line), a record with a problem is reported by line.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.errors import UserError
from app.core.import_formats import FORMATS as FORMATS
from app.core.text import quoted
from app.importers import clockify, harvest, kimai, timewarrior, toggl, upwork, watson
from app.importers.records import ParsedFile, ReadOptions

Parser = Callable[[str, ReadOptions], ParsedFile]

#: Format name (as typed after `tallyhour import`) to its reader.
PARSERS: dict[str, Parser] = {
    "toggl": toggl.parse,
    "clockify": clockify.parse,
    "harvest": harvest.parse,
    "kimai": kimai.parse,
    "watson": watson.parse,
    "timewarrior": timewarrior.parse,
    "upwork": upwork.parse,
}


def parser_for(name: str) -> Parser:
    """The reader of a format, or a clear refusal."""
    key = name.strip().lower()
    if key not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise UserError(f"cannot import {quoted(name, 30)} files yet; formats: {known}")
    return PARSERS[key]
