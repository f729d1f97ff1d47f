"""The editor of one fee schedule: name, tiers as typed, basis and a minimum fee."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from app.core.errors import UserError
from app.core.fees import PRESETS, Basis, BillingKind, FeeSchedule, parse_tiers
from app.core.money import ZERO, json_money, parse_amount
from app.core.text import clean_name
from app.ui.money.common import Feedback, muted
from app.ui.money.text import BASIS_NAMES, minimum_applies_to_all, tiers_input, tiers_text

TIERS_EXAMPLE = "20%:500, 10%:10000, 5%"


class ScheduleEditor(QGroupBox):
    """Fields of a custom schedule; `schedule()` reads them through the core's parsers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your own schedule", parent)
        self.loaded: FeeSchedule | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. my-agency")
        self.tiers = QLineEdit()
        self.tiers.setPlaceholderText(f"e.g. {TIERS_EXAMPLE}  or  12%")
        self.tiers.setToolTip(
            "Rate:limit pairs, lowest limit first, and a last rate with no limit. "
            f"“{TIERS_EXAMPLE}” is 20% of the first 500.00, 10% up to 10,000.00, 5% above."
        )
        self.tiers_reading = Feedback()
        self.basis = QComboBox()
        for basis, caption in BASIS_NAMES.items():
            self.basis.addItem(caption, basis.value)
        self.minimum = QLineEdit("0.00")
        self.minimum_on = QComboBox()
        self.minimum_on.addItem("on fixed-price payments", "fixed")
        self.minimum_on.addItem("on all payments", "all")
        self.preset_note = muted(
            "A built-in schedule cannot change: save a copy under another name."
        )
        self.preset_note.setVisible(False)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name", self.name)
        form.addRow("&Rates", self.tiers)
        form.addRow("", self.tiers_reading)
        form.addRow("Tiers fo&llow", self.basis)
        form.addRow("Minimum &fee", self.minimum)
        form.addRow("Minimum &applies", self.minimum_on)
        form.addRow(self.preset_note)
        self.tiers.textChanged.connect(self.read_tiers_back)
        self.clear()

    def clear(self) -> None:
        """Empty fields for a new schedule."""
        self.loaded = None
        self.name.clear()
        self.tiers.clear()
        self.basis.setCurrentIndex(self.basis.findData(Basis.CLIENT.value))
        self.minimum.setText("0.00")
        self.minimum_on.setCurrentIndex(0)
        self.preset_note.setVisible(False)
        self.read_tiers_back()

    def fill(self, schedule: FeeSchedule) -> None:
        """Show a schedule to edit (or, for a built-in one, to copy)."""
        self.loaded = schedule
        self.name.setText(schedule.name)
        self.tiers.setText(tiers_input(schedule))
        self.basis.setCurrentIndex(self.basis.findData(schedule.basis.value))
        self.minimum.setText(json_money(schedule.minimum_fee))
        self.minimum_on.setCurrentIndex(1 if minimum_applies_to_all(schedule) else 0)
        self.preset_note.setVisible(schedule.name in PRESETS)

    def read_tiers_back(self) -> None:
        """Say how the typed tiers read, or why they cannot be read."""
        if not self.tiers.text().strip():
            self.tiers_reading.note("")  # an empty line keeps its room in the form
            return
        try:
            tiers = parse_tiers(self.tiers.text())
        except UserError as refusal:
            self.tiers_reading.error(str(refusal))
            return
        self.tiers_reading.note(f"Reads as: {tiers_text(tiers)}")

    def schedule(self) -> FeeSchedule:
        """The schedule the fields describe (raises UserError, as the command line does)."""
        name = clean_name(self.name.text(), what="schedule name").lower()
        tiers = parse_tiers(self.tiers.text())
        basis = Basis(str(self.basis.currentData()))
        minimum = parse_amount(self.minimum.text() or "0", what="minimum fee")
        applies = (
            frozenset(BillingKind)
            if self.minimum_on.currentData() == "all"
            else frozenset({BillingKind.FIXED})
        )
        kept = self.loaded is not None and self.loaded.name == name and name not in PRESETS
        return FeeSchedule(
            name=name,
            tiers=tiers,
            basis=basis,
            minimum_fee=minimum,
            minimum_applies_to=applies if minimum > ZERO else frozenset(),
            description=self.loaded.description if kept and self.loaded else "",
        )
