"""The contract choice of the timer bar: an editable combo box that finds by any part."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class ContractPicker(QComboBox):
    """Type part of a contract's title or client; the completer offers the matches."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        line = self.lineEdit()
        assert line is not None  # an editable combo box always has one
        line.setPlaceholderText("Type to find a contract…")
        self.setToolTip("Contract to track (type part of its name or client; Ctrl+K)")
        self.setAccessibleName("Contract")
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def offer(self, items: list[tuple[str, int]], select: int | None) -> bool:
        """Offer (text, contract id) choices; False, touching nothing, if they are unchanged."""
        offered = [(self.itemText(i), self.itemData(i)) for i in range(self.count())]
        if items == offered:
            return False
        self.blockSignals(True)
        self.clear()
        for text, contract_id in items:
            self.addItem(text, contract_id)
        self.blockSignals(False)
        self.select(select if select is not None or not items else items[0][1])
        return True

    def contract_id(self) -> int | None:
        """The contract the text names (exactly, ignoring case), or None."""
        found = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        return None if found < 0 else int(self.itemData(found))

    def select(self, contract_id: int | None) -> None:
        """Show a contract (None: an empty choice)."""
        index = -1 if contract_id is None else self.findData(contract_id)
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
