"""The weekly earnings dashboard, a page of the main window (`DashboardView`).

Importing this package does not load the chart library: Qt Graphs comes in when the
view is first shown.
"""

from app.ui.dashboard.view import DashboardView

__all__ = ["DashboardView"]
