"""The week table's columns and cell texts: times, and how each entry stands (protected or why not)."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum

from PySide6.QtGui import QColor

from app.core.instants import to_local
from app.services.plain_reads import WeekSheetEntry
from app.ui import formatting as fmt
from app.ui.theme import colors


class WeekColumn(IntEnum):
    """The columns of the week table."""

    START = 0
    END = 1
    DURATION = 2
    CONTRACT = 3
    MEMO = 4
    STATUS = 5


HEADERS = {
    WeekColumn.START: "Start",
    WeekColumn.END: "End",
    WeekColumn.DURATION: "Duration",
    WeekColumn.CONTRACT: "Contract",
    WeekColumn.MEMO: "Memo",
    WeekColumn.STATUS: "Status",
}
EDITABLE = {WeekColumn.START, WeekColumn.END, WeekColumn.MEMO}


def entry_text(item: WeekSheetEntry, column: WeekColumn, zone: tzinfo | None, seconds: int) -> str:
    """The text of an entry's cell (`seconds`: its length, growing while it runs)."""
    entry = item.entry
    if column is WeekColumn.START:
        return fmt.local_time(entry.start, zone)
    if column is WeekColumn.END:
        if entry.end is None:
            return "running"
        later = (to_local(entry.end, zone).date() - to_local(entry.start, zone).date()).days
        return fmt.local_time(entry.end, zone) + (f" (+{later})" if later else "")
    if column is WeekColumn.DURATION:
        return fmt.duration(seconds)
    if column is WeekColumn.CONTRACT:
        return entry.contract_title
    if column is WeekColumn.MEMO:
        return " ".join(entry.memo.split())
    return status_text(item)


def entry_color(item: WeekSheetEntry, column: WeekColumn) -> QColor | None:
    """The status column's colour; muted text for locked entries."""
    if column is WeekColumn.STATUS:
        return status_color(item)
    if column is not WeekColumn.MEMO or item.entry.memo.strip():
        return colors().muted if item.entry.locked else None
    return None


def status_color(item: WeekSheetEntry) -> QColor | None:
    """Protected in green, unprotected in amber, over the limit in red, quiet otherwise."""
    palette = colors()
    if item.over_limit_seconds:
        return palette.danger
    if item.protected and item.platform != "direct":
        return palette.ok
    if item.entry.locked or item.platform == "direct" or item.billing is None:
        return palette.muted
    return palette.warning


def status_text(item: WeekSheetEntry) -> str:
    """The flags of an entry in a few words: protected, or why not."""
    entry = item.entry
    words = []
    if entry.running:
        words.append("● Running")
    if entry.locked:
        words.append("Locked")
    if item.protected and item.platform != "direct":
        words.append("✓ Protected")
    else:
        if entry.manual:
            words.append("Imported" if entry.imported else "Manual")
        if not entry.memo.strip():
            words.append("No memo")
        if item.over_limit_seconds:
            words.append(f"Over limit {fmt.duration(item.over_limit_seconds)}")
    return " · ".join(words)


def status_tip(item: WeekSheetEntry) -> str:
    """What the flags mean for the freelancer."""
    name = fmt.platform_name(item.platform)
    if item.billing is None:
        return "Fixed-price contract: time is tracked for your effective hourly rate."
    reasons = []
    if item.entry.imported:
        reasons.append("imported from another tracker (imported time is never protected)")
    elif item.entry.manual:
        reasons.append("added by hand (manual time is never protected)")
    if not item.entry.memo.strip():
        reasons.append("it has no memo")
    if item.over_limit_seconds:
        reasons.append(
            f"{fmt.hours_words(item.over_limit_seconds)} is over the weekly limit and not billed"
        )
    if item.entry.locked:
        reasons.append("its week is approved and locked")
    if item.platform == "direct":
        return "Direct client." + (" Note: " + "; ".join(reasons) + "." if reasons else "")
    if not reasons:
        return f"Tracked live with a memo, within the weekly limit: covered by {name}'s hourly protection."
    return f"Not covered by {name}'s hourly protection: " + "; ".join(reasons) + "."
