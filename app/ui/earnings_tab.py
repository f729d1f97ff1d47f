"""The Earnings tab: builds the dashboard (and loads its chart library) when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.context import AppContext

if TYPE_CHECKING:
    from app.ui.dashboard import DashboardView


class EarningsTab(QWidget):
    """A tab page holding the dashboard, created on first use and refreshed when seen."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)
        self._view: DashboardView | None = None
        self._stale = True

    @property
    def built(self) -> bool:
        """Whether the dashboard exists yet."""
        return self._view is not None

    @property
    def view(self) -> DashboardView:
        """The dashboard, created (importing Qt Graphs on first show) when first asked for."""
        if self._view is None:
            from app.ui.dashboard import DashboardView

            self._view = DashboardView(self.ctx.db, self.ctx.clock, worker=self.ctx.worker)
            self._view.message.connect(self.ctx.notify)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._view)
        return self._view

    def data_changed(self, *, on_screen: bool) -> None:
        """Read the earnings again now if they are on screen, else when next shown."""
        self._stale = True
        if on_screen:
            self.shown()

    def shown(self) -> None:
        """The tab was opened: bring the numbers up to date if anything changed."""
        if self._stale:
            self._stale = False
            self.view.refresh()
