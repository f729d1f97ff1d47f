"""Settings → E-mail: the SMTP server saved, the password only in the keyring, the templates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.services.mail import SmtpSettings, configure_smtp, smtp_settings
from app.services.settings import get_settings
from app.ui.dialogs.settings import SettingsDialog
from tests.support.mailserver import MemoryKeyring, memory_keyring

SECRET = "correct-horse-7734-battery"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without any keyring backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    """An in-memory keyring."""
    with memory_keyring() as backend:
        yield backend


def fill(dialog: SettingsDialog, *, host: str = "smtp.example.com") -> None:
    """Type a complete SMTP setup."""
    page = dialog.mail
    page.host.setText(host)
    page.security.setCurrentIndex(page.security.findData("ssl"))
    page.user.setText("sam")
    page.from_address.setText("sam@example.com")


def stored_bytes(tmp_path: Path) -> bytes:
    """Everything the database keeps on disk (the file and its write-ahead log)."""
    return b"".join(path.read_bytes() for path in tmp_path.glob("tallyhour.sqlite*"))


def test_the_mail_page_saves_the_server_and_keeps_the_password_in_the_keyring_only(
    ctx, qtbot, db, memory, tmp_path
):
    dialog = SettingsDialog(None, ctx, page="mail")
    qtbot.addWidget(dialog)
    page = dialog.mail
    assert dialog.tabs.currentWidget() is page
    assert "stored in the OS keyring (MemoryKeyring)" in page.where.text()
    assert page.password.isEnabled()
    fill(dialog)
    assert page.port.value() == 465  # SSL's usual port followed the choice
    page.password.setText(SECRET)
    page.timesheet_subject.setText("Hours for {week}")
    dialog.accept()
    assert dialog.error_text() == "" and dialog.result() == SettingsDialog.DialogCode.Accepted
    settings = smtp_settings(db)
    assert settings == SmtpSettings("smtp.example.com", 465, "ssl", "sam", "sam@example.com")
    assert memory.store == {("tallyhour", settings.account): SECRET}
    assert get_settings(db).mail_timesheet_subject == "Hours for {week}"
    assert SECRET.encode() not in stored_bytes(tmp_path)
    assert b"smtp.example.com" in stored_bytes(tmp_path)  # the check reads the right files


def test_an_empty_password_keeps_the_stored_one(ctx, qtbot, db, memory):
    configure_smtp(
        db,
        host="smtp.example.com",
        port=587,
        security="starttls",
        user="sam",
        sender="sam@example.com",
        password=SECRET,
    )
    dialog = SettingsDialog(None, ctx, page="mail")
    qtbot.addWidget(dialog)
    assert dialog.mail.host.text() == "smtp.example.com"
    assert dialog.mail.password.placeholderText() == "leave empty to keep the stored password"
    dialog.mail.user.setText("sam")
    dialog.accept()
    assert list(memory.store.values()) == [SECRET]


def test_without_a_keyring_the_page_says_so_and_takes_no_password(ctx, qtbot, db, no_keyring):
    dialog = SettingsDialog(None, ctx, page="mail")
    qtbot.addWidget(dialog)
    page = dialog.mail
    assert page.where.text() == (
        "This machine has no keyring: the password is not stored; you'll be asked when sending."
    )
    assert not page.password.isEnabled()
    assert page.password.placeholderText() == "asked when sending"
    fill(dialog)
    dialog.accept()
    assert dialog.error_text() == ""
    assert smtp_settings(db) is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("host", "smtp example.com", "SMTP host “smtp example.com” is not a host name"),
        ("host", "", "SMTP host must not be empty"),
        ("user", "", "SMTP user must not be empty"),
        ("from_address", "sam-at-home", "Sender address “sam-at-home” does not look like"),
        ("from_address", "", "A from address is needed to send e-mail"),
    ],
)
def test_bad_smtp_values_are_refused_and_nothing_is_saved(
    ctx, qtbot, db, memory, field, value, message
):
    dialog = SettingsDialog(None, ctx, page="mail")
    qtbot.addWidget(dialog)
    fill(dialog)
    getattr(dialog.mail, field).setText(value)
    dialog.mail.password.setText(SECRET)
    dialog.name.setText("Sam Rivera")  # a profile change must not be half-saved either
    dialog.accept()
    assert dialog.error_text().startswith(message)
    assert smtp_settings(db) is None and memory.store == {}
    assert get_settings(db).name == ""


def test_a_bad_template_is_refused_before_the_server_is_saved(ctx, qtbot, db, memory):
    dialog = SettingsDialog(None, ctx, page="mail")
    qtbot.addWidget(dialog)
    fill(dialog)
    dialog.mail.invoice_subject.setText("Invoice \x07 bell")
    dialog.accept()
    assert dialog.error_text() != ""
    assert smtp_settings(db) is None


def test_leaving_the_mail_page_empty_saves_the_rest(ctx, qtbot, db, memory):
    dialog = SettingsDialog(None, ctx)
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 0
    dialog.name.setText("Sam Rivera")
    dialog.accept()
    assert dialog.error_text() == ""
    assert get_settings(db).name == "Sam Rivera" and smtp_settings(db) is None
