"""Adding manual time and splitting an entry."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from app.core.durations import parse_duration, parse_span
from app.core.errors import UserError
from app.core.instants import attach_local, to_local
from app.services.entries import log_entry, split_entry
from app.services.records import ContractInfo, EntryInfo
from app.ui import formatting as fmt
from app.ui.context import AppContext
from app.ui.delegates import from_qt, to_qt
from app.ui.dialogs.base import FormDialog

#: The longest duration the Time field takes (one manual entry is at most a day).
MAX_TYPED = 24 * 3600


class ManualEntryDialog(FormDialog):
    """Log time that was not tracked live (marked manual: not protected)."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        contracts: list[ContractInfo],
        *,
        contract_id: int | None = None,
        day: date | None = None,
    ) -> None:
        super().__init__(
            parent,
            "Add time",
            intro="Time added by hand is marked manual: marketplaces do not cover it with"
            " hourly protection.",
            ok_text="Add",
        )
        self.ctx = ctx
        self.db, self.clock, self.zone = ctx.db, ctx.clock, ctx.zone
        clock, zone = ctx.clock, ctx.zone
        self.contract = QComboBox()
        for contract in contracts:
            if contract.status != "ended":
                self.contract.addItem(f"{contract.title} — {contract.client_name}", contract.id)
        if contract_id is not None:
            self.contract.setCurrentIndex(max(self.contract.findData(contract_id), 0))
        local_now = to_local(clock(), zone)
        today = local_now.date()
        shown, start, end = default_span(local_now, min(day or today, today))
        self.day = QDateEdit(_qdate(shown))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setMaximumDate(_qdate(today))  # time not yet worked cannot be added
        self.start = QTimeEdit(start)
        self.end = QTimeEdit(end)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.memo = QLineEdit()
        self.memo.setPlaceholderText("What did you work on?")
        self.typed = QLineEdit()
        self.typed.setPlaceholderText("type 9-10:30, or 1h30 / 90m / 1:30 from the start")
        self.typed.textEdited.connect(self._typed_changed)
        self.form.addRow("&Contract", self.contract)
        self.form.addRow("&Day", self.day)
        self.form.addRow("T&ime", self.typed)
        self.form.addRow("&From", self.start)
        self.form.addRow("&To", self.end)
        self.form.addRow("&Memo", self.memo)
        self.form.addRow("", QLabel("An end before the start means the next day."))

    def span(self) -> tuple[datetime, datetime]:
        """The typed span as aware UTC instants (an end before the start is the next day)."""
        day = self.day.date().toPython()
        assert isinstance(day, date)
        start_t, end_t = self.start.time(), self.end.time()
        start = datetime(day.year, day.month, day.day, start_t.hour(), start_t.minute())
        end = datetime(day.year, day.month, day.day, end_t.hour(), end_t.minute())
        if end <= start:
            end += timedelta(days=1)
        return (
            attach_local(start, self.zone).astimezone(UTC),
            attach_local(end, self.zone).astimezone(UTC),
        )

    def apply_typed(self) -> None:
        """Set From and To from the typed span ("9-10:30") or duration ("1h30", from From)."""
        text = self.typed.text().strip()
        if not text:
            return
        if any(mark in text for mark in ("-", "–", "—", " to ")):
            span = parse_span(text, what="time")
            self.start.setTime(QTime(span.start.hour, span.start.minute))
            self.end.setTime(QTime(span.end.hour, span.end.minute))
            return
        seconds = parse_duration(text, what="time")
        if seconds > MAX_TYPED:
            raise UserError("time: a manual entry can be at most 24 hours")
        self.end.setTime(self.start.time().addSecs(seconds))

    def _typed_changed(self) -> None:
        """Follow what is typed as soon as it reads as a span or a duration."""
        with contextlib.suppress(UserError):  # still typing: saving says what is wrong
            self.apply_typed()

    def save(self) -> EntryInfo:
        """Log the entry through the service."""
        contract_id = self.contract.currentData()
        if contract_id is None:
            raise UserError("add a contract first")
        self.apply_typed()
        start, end = self.span()
        db, memo, now = self.db, self.memo.text(), self.clock()
        return self.ctx.wait(
            lambda: log_entry(db, int(contract_id), start, end, memo=memo, now=now)
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: AppContext,
        contracts: list[ContractInfo],
        *,
        contract_id: int | None = None,
        day: date | None = None,
    ) -> EntryInfo | None:
        """Ask for manual time and log it; None if cancelled."""
        dialog = cls(parent, ctx, contracts, contract_id=contract_id, day=day)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, EntryInfo) else None


class SplitDialog(FormDialog):
    """Cut a stopped entry in two at a chosen time."""

    def __init__(self, parent: QWidget | None, ctx: AppContext, entry: EntryInfo) -> None:
        zone = ctx.zone
        super().__init__(
            parent,
            "Split entry",
            intro=f"Split {entry.contract_title}, {fmt.local_stamp(entry.start, zone)}–"
            f"{fmt.local_time(entry.end or entry.start, zone)}, into two entries with the same"
            " memo.",
            ok_text="Split",
        )
        self.ctx, self.entry = ctx, entry
        self.db, self.clock, self.zone = ctx.db, ctx.clock, zone
        end = entry.end or entry.start
        middle = entry.start + (end - entry.start) / 2
        self.at = QDateTimeEdit(to_qt(_wall(middle.replace(second=0, microsecond=0), zone)))
        self.at.setDisplayFormat("ddd d MMM  HH:mm")
        self.at.setTimeZone(to_qt(_wall(middle, zone)).timeZone())
        self.form.addRow("Split &at", self.at)

    def save(self) -> tuple[EntryInfo, EntryInfo]:
        """Split through the service."""
        at = attach_local(from_qt(self.at.dateTime()), self.zone).astimezone(UTC)
        db, entry_id, now = self.db, self.entry.id, self.clock()
        return self.ctx.wait(lambda: split_entry(db, entry_id, at, now=now))

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: AppContext, entry: EntryInfo
    ) -> tuple[EntryInfo, EntryInfo] | None:
        """Ask where to split the entry and split it; None if cancelled."""
        dialog = cls(parent, ctx, entry)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, tuple) else None


def default_span(local_now: datetime, day: date) -> tuple[date, QTime, QTime]:
    """The day and span Add time offers: 9:00–10:00, but never a span that has not ended."""
    end = local_now.replace(minute=local_now.minute - local_now.minute % 5, second=0)
    if day < end.date() or end.hour >= 10:
        return day, QTime(9, 0), QTime(10, 0)
    if end.hour == end.minute == 0:  # just after midnight: nothing of today is over yet
        return day - timedelta(days=1), QTime(9, 0), QTime(10, 0)
    start = max(end - timedelta(hours=1), end.replace(hour=0, minute=0))
    return day, QTime(start.hour, start.minute), QTime(end.hour, end.minute)


def _qdate(day: date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


def _wall(instant: datetime, zone: tzinfo | None) -> datetime:
    """An instant's local wall-clock time, naive."""
    return to_local(instant, zone).replace(tzinfo=None)
