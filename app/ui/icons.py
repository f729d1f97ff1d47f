"""Tallyhour's icons, drawn with QPainter so no image files are needed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

_IDLE = QColor("#6e7781")
_RUNNING = QColor("#1f9d55")


def _clock_pixmap(size: int, face: QColor) -> QPixmap:
    """A round clock face with two hands, in one colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(face)
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    pen = QPen(QColor("white"), max(size * 0.09, 1.5))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    centre = QPointF(size / 2, size / 2)
    painter.drawLine(centre, QPointF(size / 2, size * 0.22))
    painter.drawLine(centre, QPointF(size * 0.70, size * 0.60))
    painter.end()
    return pixmap


def app_icon(*, running: bool = False) -> QIcon:
    """The window and tray icon: grey when idle, green while a timer runs."""
    icon = QIcon()
    for size in (16, 22, 32, 48, 64, 128):
        icon.addPixmap(_clock_pixmap(size, _RUNNING if running else _IDLE))
    return icon
