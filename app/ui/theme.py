"""Colours that read well on light and dark palettes, chosen from the window's palette."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Colors:
    """Semantic colours for text: good news, caution, trouble, and quiet detail."""

    ok: QColor
    warning: QColor
    danger: QColor
    muted: QColor
    accent: QColor


def is_dark(palette: QPalette) -> bool:
    """Whether the palette has light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colors(palette: QPalette | None = None) -> Colors:
    """Semantic colours for the given palette (the application's by default)."""
    palette = palette or QApplication.palette()
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    if is_dark(palette):
        return Colors(
            QColor("#7bd88f"), QColor("#ffc266"), QColor("#ff7b72"), muted, QColor("#79b8ff")
        )
    return Colors(QColor("#1a7f37"), QColor("#9a6700"), QColor("#cf222e"), muted, QColor("#0969da"))


#: Button fills that carry white text well on light and dark windows alike.
START_FILL, STOP_FILL, SWITCH_FILL = QColor("#1f883d"), QColor("#cf222e"), QColor("#0969da")


def css(color: QColor) -> str:
    """A colour as a style-sheet value."""
    return color.name()


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font scaled by a factor (headings, the big clock)."""
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    return font
