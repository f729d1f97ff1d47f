"""A form dialog that saves through a service and shows a refusal inline, staying open."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.durations import duration_hours
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
        #: A save is on its way (it may wait for the database): another click waits too.
        self.saving = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.error = error_line()
        self._clears_error = False
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
        if self.saving:
            return
        self.saving = True
        try:
            self.saved = self.save()
        except UserError as error:
            self.show_error(str(error))
            return
        finally:
            self.saving = False
        super().accept()

    def show_error(self, text: str) -> None:
        """Show why saving was refused (each line starts with a capital) until a field changes."""
        self.error.setText("\n".join(line[:1].upper() + line[1:] for line in text.splitlines()))
        self.error.setVisible(True)
        if not self._clears_error:
            self._clears_error = True
            clear_on_edit(self, self.clear_error)

    def clear_error(self) -> None:
        """Hide the refusal: the user is changing what it was about."""
        self.error.setVisible(False)

    def error_text(self) -> str:
        """The refusal shown, if any."""
        return self.error.text() if not self.error.isHidden() else ""


def error_line(lines: int = 2) -> QLabel:
    """A red line for refusals that keeps its room while hidden, so nothing below it moves."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {css(colors().danger)};")
    label.setMinimumHeight(lines * label.fontMetrics().lineSpacing())
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setVisible(False)
    return label


def clear_on_edit(dialog: QWidget, clear: Callable[[], None]) -> None:
    """Call `clear()` whenever the user changes any field of the dialog."""

    def changed(*_args: object) -> None:
        """A field changed."""
        clear()

    for line in dialog.findChildren(QLineEdit):
        line.textEdited.connect(changed)
    for combo in dialog.findChildren(QComboBox):
        combo.activated.connect(changed)
    for when in dialog.findChildren(QDateTimeEdit):
        when.dateTimeChanged.connect(changed)
    for spin in dialog.findChildren(QSpinBox):
        spin.valueChanged.connect(changed)
    for money in dialog.findChildren(QDoubleSpinBox):
        money.valueChanged.connect(changed)
    for plain in dialog.findChildren(QPlainTextEdit):
        plain.textChanged.connect(changed)
    for rich in dialog.findChildren(QTextEdit):
        rich.textChanged.connect(changed)
    for button in dialog.findChildren(QAbstractButton):
        if button.isCheckable():
            button.toggled.connect(changed)


def currency_combo(current: str = "USD") -> QComboBox:
    """An editable choice of ISO currency codes."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(sorted(KNOWN_CURRENCIES))
    known = combo.findText(current)
    if known >= 0:
        combo.setCurrentIndex(known)  # an index of its own, not the first code with new text
    else:
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
    """Hours typed by the user ("20", "12.5", "12h30"); empty means none."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return duration_hours(cleaned, what=what)
    except UserError:
        raise UserError(f"{what} must be a number of hours like 20, 12.5 or 12h30") from None


def hours_value(seconds: int | None) -> str:
    """A weekly limit in hours for an edit field ("20", "12.5")."""
    if seconds is None:
        return ""
    return f"{(Decimal(seconds) / 3600).normalize():f}"
