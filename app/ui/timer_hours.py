"""The timer bar's hours line: today and this week on the picked contract, against its limit."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel

from app.services.plain_reads import ContractHours
from app.services.records import TimerStatus
from app.ui import formatting as fmt
from app.ui.theme import colors, css

#: From this share of the weekly limit on, the hours show a warning.
NEAR_LIMIT = 0.9


class HoursLabel(QLabel):
    """Today's and this week's time, growing with a running timer, coloured near the limit."""

    def show_hours(self, hours: ContractHours | None, status: TimerStatus, now: datetime) -> None:
        """Show `hours` as of `now` (a running timer on the contract adds its time since)."""
        if hours is None:
            self.setText("")
            return
        extra = 0
        if hours.running and status.running and status.contract_id == hours.contract_id:
            extra = max(int((now - hours.at).total_seconds()), 0)
        today, week = hours.today_seconds + extra, hours.week_seconds + extra
        text = f"Today {fmt.duration(today)}   ·   This week {fmt.duration(week)}"
        palette = colors()
        color = palette.muted
        limit = hours.weekly_limit_seconds
        if limit:
            text += f" of {fmt.duration(limit)} h"
            if week >= limit:
                text += " — limit reached: more time is not billed"
                color = palette.danger
            elif week >= NEAR_LIMIT * limit:
                text += f" — {fmt.duration(limit - week)} left"
                color = palette.warning
        else:
            text += " h"
        self.setText(text)
        style = f"color: {css(color)};"
        if self.styleSheet() != style:  # the tick runs twice a second: restyle on change
            self.setStyleSheet(style)
