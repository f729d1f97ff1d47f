"""Preferences: the profile printed on invoices, money defaults, invoices, e-mail, the window."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.settings import Settings, get_settings, update_settings
from app.ui import idle_source
from app.ui.context import AppContext
from app.ui.dialogs.base import FormDialog, currency_combo
from app.ui.dialogs.settings_mail import MailPage

CLOSE_ACTIONS = {
    "ask": "Ask each time",
    "tray": "Keep running in the tray",
    "quit": "Quit (the timer keeps running)",
}


def _page(tabs: QTabWidget, title: str) -> QFormLayout:
    """A tab with a form."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(14, 14, 14, 14)
    form = QFormLayout()
    column.addLayout(form)
    column.addStretch(1)  # rows stay together at the top of a tall page
    form.setVerticalSpacing(10)
    form.setHorizontalSpacing(14)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    tabs.addTab(page, title)
    return form


def tax_percent(settings: Settings) -> str:
    """The stored tax fraction as a percentage to edit ("25")."""
    return f"{(settings.tax_fraction * 100).normalize():f}"


class SettingsDialog(FormDialog):
    """Every preference the window offers, saved through `update_settings`."""

    def __init__(
        self, parent: QWidget | None, ctx: AppContext, *, page: str | None = None, intro: str = ""
    ) -> None:
        super().__init__(parent, "Settings", intro=intro)
        self.ctx = ctx
        self.db = db = ctx.db
        current = get_settings(db)
        self.tabs = tabs = QTabWidget()
        self.form.addRow(tabs)
        profile = _page(tabs, "&Profile")
        self.name = QLineEdit(current.name)
        self.address = QPlainTextEdit(current.address)
        self.address.setFixedHeight(70)
        self.tax_id = QLineEdit(current.tax_id)
        self.email = QLineEdit(current.email)
        profile.addRow("&Name", self.name)
        profile.addRow("&Address", self.address)
        profile.addRow("&Tax id", self.tax_id)
        profile.addRow("&E-mail", self.email)
        money = _page(tabs, "&Money")
        self.default_rate = QLineEdit(current.default_rate)
        self.currency = currency_combo(current.home_currency)
        self.tax_rate = QLineEdit(tax_percent(current))
        self.tax_rate.setToolTip("Share of your net earnings you put aside for tax, in percent")
        money.addRow("Default hourly &rate", self.default_rate)
        money.addRow("Home &currency", self.currency)
        money.addRow("Tax &set-aside (%)", self.tax_rate)
        invoices = _page(tabs, "&Invoices")
        self.prefix = QLineEdit(current.invoice_prefix)
        self.prefix.setToolTip("{year} becomes the invoice's year, e.g. INV-2026-0001")
        self.terms = QPlainTextEdit(current.invoice_terms)
        self.terms.setFixedHeight(70)
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 365)
        self.due_days.setValue(current.invoice_due_days)
        self.due_days.setSuffix(" days")
        invoices.addRow("Number &prefix", self.prefix)
        invoices.addRow("Payment &terms", self.terms)
        invoices.addRow("&Due after", self.due_days)
        self.mail = MailPage(db, current)
        tabs.addTab(self.mail, "E-mai&l")
        window = _page(tabs, "&Window")
        self.close_action = QComboBox()
        for key, caption in CLOSE_ACTIONS.items():
            self.close_action.addItem(caption, key)
        self.close_action.setCurrentIndex(max(self.close_action.findData(current.close_action), 0))
        window.addRow("Closing while &timing", self.close_action)
        reminders = _page(tabs, "&Reminders")
        self.remind_no_timer = QCheckBox("Remind me when no timer runs in my working hours")
        self.remind_no_timer.setChecked(current.remind_no_timer)
        self.working_hours = QLineEdit(current.working_hours)
        self.working_hours.setToolTip("Monday to Friday, e.g. 9-17 or 8:30-16:30")
        self.long_timer = QSpinBox()
        self.long_timer.setRange(0, 24)
        self.long_timer.setValue(current.remind_long_timer_hours)
        self.long_timer.setSuffix(" h")
        self.long_timer.setSpecialValueText("never")
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 600)
        self.idle_minutes.setValue(current.idle_minutes)
        self.idle_minutes.setSuffix(" min")
        self.idle_minutes.setSpecialValueText("never")
        self.idle_minutes.setToolTip(
            "After this long without keyboard or mouse, or with the screen locked or the"
            " computer asleep, while timing, ask what to do with the time away (where the"
            " desktop tells Tallyhour)"
        )
        reminders.addRow("", self.remind_no_timer)
        reminders.addRow("&Working hours", self.working_hours)
        reminders.addRow("Ask if a timer runs &over", self.long_timer)
        reminders.addRow("Ask after &idle for", self.idle_minutes)
        self.idle_unknown = QLabel(
            "This desktop does not report how long it has been idle: Tallyhour asks only"
            " after a locked screen or sleep it hears of."
        )
        self.idle_unknown.setWordWrap(True)
        self.idle_unknown.setVisible(idle_source.system_idle_source()() is None)
        reminders.addRow("", self.idle_unknown)
        if page == "mail":
            tabs.setCurrentWidget(self.mail)
        elif page == "profile":  # the first missing part of who an invoice is from
            empty_name = not self.name.text().strip()
            (self.name if empty_name or current.address.strip() else self.address).setFocus()
        self.resize(640, 640)

    def save(self) -> Settings:
        """Store the preferences, then the SMTP settings (the password to the keyring)."""
        server = self.mail.server()  # checked before anything is written: a refusal saves nothing
        changes = dict(
            name=self.name.text(),
            address=self.address.toPlainText(),
            tax_id=self.tax_id.text(),
            email=self.email.text(),
            default_rate=self.default_rate.text() or "0",
            home_currency=self.currency.currentText(),
            tax_rate=self.tax_rate.text().strip().rstrip("%") or "0",
            invoice_prefix=self.prefix.text(),
            invoice_terms=self.terms.toPlainText(),
            invoice_due_days=self.due_days.value(),
            close_action=str(self.close_action.currentData()),
            remind_no_timer=self.remind_no_timer.isChecked(),
            working_hours=self.working_hours.text(),
            remind_long_timer_hours=self.long_timer.value(),
            idle_minutes=self.idle_minutes.value(),
            **self.mail.template_changes(),
        )
        db, mail = self.db, self.mail

        def store() -> Settings:
            """One transaction: the preferences and the SMTP settings, or neither."""
            saved = update_settings(db, **changes)
            if server is not None:
                mail.save_server(db, server)
            return saved

        return self.ctx.wait(store)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: AppContext, *, page: str | None = None, intro: str = ""
    ) -> Settings | None:
        """Edit the preferences (opening on a page, e.g. "mail"); None if cancelled."""
        dialog = cls(parent, ctx, page=page, intro=intro)
        return dialog.saved if dialog.exec() and isinstance(dialog.saved, Settings) else None
