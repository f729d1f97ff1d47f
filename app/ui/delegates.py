"""In-place editors of the week table: a date-and-time editor for start and end."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtWidgets import QDateTimeEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
#: Wall-clock editing: the editor's zone is fixed (UTC) so Qt never shifts the typed time;
#: the model reads it as local time in the user's zone.
_WALL = QTimeZone(QTimeZone.Initialization.UTC)


def to_qt(value: datetime) -> QDateTime:
    """A naive wall-clock datetime as a QDateTime that Qt will not shift."""
    return QDateTime(
        QDate(value.year, value.month, value.day),
        QTime(value.hour, value.minute, value.second),
        _WALL,
    )


def from_qt(value: QDateTime) -> datetime:
    """The wall-clock datetime shown in an editor, naive."""
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), time.second())


class EntryDelegate(QStyledItemDelegate):
    """Edits start and end with a date-time editor; other cells with Qt's defaults."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        """A QDateTimeEdit for instants, else the default editor."""
        if isinstance(index.data(Qt.ItemDataRole.EditRole), datetime):
            editor = QDateTimeEdit(parent)
            editor.setTimeZone(_WALL)
            editor.setDisplayFormat("ddd d MMM  HH:mm")
            editor.setCurrentSection(QDateTimeEdit.Section.HourSection)
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Put the cell's value in the editor."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateTimeEdit) and isinstance(value, datetime):
            editor.setDateTime(to_qt(value))
            editor.setCurrentSection(QDateTimeEdit.Section.HourSection)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the edited value to the model (whole minutes when the time was changed)."""
        original = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateTimeEdit) and isinstance(original, datetime):
            edited = from_qt(editor.dateTime())
            if edited.replace(second=0) == original.replace(second=0):
                return
            model.setData(index, edited.replace(second=0), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        """Give the date-time editor room to show its whole text."""
        rect = option.rect
        if isinstance(editor, QDateTimeEdit):
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        editor.setGeometry(rect)
