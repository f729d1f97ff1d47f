"""A form dialog that saves through a service and shows a refusal inline, staying open."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.fees import PLATFORMS
from app.core.money import KNOWN_CURRENCIES
from app.ui import formatting as fmt
from app.ui.theme import colors, css


class FormDialog(QDialog):
    """Fields in a form, an error line and Save/Cancel; `save()` does the work."""

    def __init__(
        self, parent: QWidget | None, title: str, *, intro: str = "", ok_text: str = "Save"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.saved: object = None
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.error.setStyleSheet(f"color: {css(colors().danger)};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> object:
        """Check the fields and save through a service; raise UserError to refuse."""
        raise NotImplementedError

    def accept(self) -> None:
        """Save; close only if the service accepted."""
        try:
            self.saved = self.save()
        except UserError as error:
            self.show_error(str(error))
            return
        super().accept()

    def show_error(self, text: str) -> None:
        """Show why saving was refused (the text starts with a capital)."""
        self.error.setText(text[:1].upper() + text[1:])
        self.error.setVisible(True)

    def error_text(self) -> str:
        """The refusal shown, if any."""
        return self.error.text() if not self.error.isHidden() else ""


def currency_combo(current: str = "USD") -> QComboBox:
    """An editable choice of ISO currency codes."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(sorted(KNOWN_CURRENCIES))
    combo.setCurrentText(current)
    return combo


def platform_combo(current: str = "direct") -> QComboBox:
    """A choice of marketplaces (and direct clients)."""
    combo = QComboBox()
    for platform in PLATFORMS:
        combo.addItem(fmt.platform_name(platform), platform)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def parse_hours(text: str, *, what: str = "weekly limit") -> Decimal | None:
    """Hours typed by the user ("20", "12.5"); empty means none."""
    cleaned = text.strip().replace(",", ".").removesuffix("h").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(f"{what} must be a number of hours like 20 or 12.5") from None
    if not value.is_finite():
        raise UserError(f"{what} must be a number of hours like 20 or 12.5")
    return value


def hours_value(seconds: int | None) -> str:
    """A weekly limit in hours for an edit field ("20", "12.5")."""
    if seconds is None:
        return ""
    return f"{(Decimal(seconds) / 3600).normalize():f}"
