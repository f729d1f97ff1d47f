"""Sending through a real SMTP server on 127.0.0.1; the password only in the keyring."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.services import mail
from app.services.mail import (
    Outgoing,
    SmtpSettings,
    configure_smtp,
    fill_template,
    send,
    smtp_settings,
)
from tests.support.dumps import dump_url
from tests.support.mailserver import (
    PASSWORD,
    USER,
    free_port,
    memory_keyring,
    silent_server,
    smtp_server,
)


@pytest.fixture
def pdf(tmp_path) -> Path:
    path = tmp_path / "timesheet-2026-W10.pdf"
    path.write_bytes(b"%PDF-1.4\n% a tiny stand-in PDF\n%%EOF\n")
    return path


def settings_for(port: int) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1", port=port, security="none", user=USER, sender="sam@example.com"
    )


def test_a_message_arrives_with_headers_body_and_attachment(pdf):
    with smtp_server() as (port, inbox):
        send(
            settings_for(port),
            PASSWORD,
            Outgoing("client@example.org", "Timesheet 2026-W10", "Hello\n", pdf),
        )
    [message] = inbox.messages
    assert message["From"] == "sam@example.com"
    assert message["To"] == "client@example.org"
    assert message["Subject"] == "Timesheet 2026-W10"
    assert message["Message-ID"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n") == "Hello\n"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "timesheet-2026-W10.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()


def test_a_wrong_password_is_one_clear_message(pdf):
    with (
        smtp_server() as (port, inbox),
        pytest.raises(UserError, match="refused the user name or password"),
    ):
        send(settings_for(port), "wrong", Outgoing("c@example.org", "s", "b", pdf))
    assert inbox.messages == []


def test_a_server_that_is_down(pdf):
    with pytest.raises(UserError, match=r"could not reach 127\.0\.0\.1"):
        send(settings_for(free_port()), PASSWORD, Outgoing("c@example.org", "s", "b", pdf))


def test_a_refused_recipient(pdf):
    with smtp_server() as (port, inbox):
        inbox.refuse.add("nobody@example.org")
        with pytest.raises(UserError, match=r"refused the recipient nobody@example\.org"):
            send(settings_for(port), PASSWORD, Outgoing("nobody@example.org", "s", "b", pdf))
    assert inbox.messages == []


def test_a_server_that_never_answers_times_out(pdf, monkeypatch):
    monkeypatch.setattr(mail, "TIMEOUT_SECONDS", 1)
    with silent_server() as port, pytest.raises(UserError, match="did not answer within 1 seconds"):
        send(settings_for(port), PASSWORD, Outgoing("c@example.org", "s", "b", pdf))


def test_a_client_without_an_address_is_refused(pdf):
    with pytest.raises(UserError, match="no e-mail address"):
        send(settings_for(1), PASSWORD, Outgoing("", "s", "b", pdf))


def test_settings_in_the_database_password_only_in_the_keyring(db, db_url):
    with memory_keyring() as backend:
        saved, stored = configure_smtp(
            db,
            host="smtp.example.com",
            port=587,
            security="starttls",
            user=USER,
            sender="sam@example.com",
            password=PASSWORD,
        )
        assert stored
        assert smtp_settings(db) == saved
        assert mail.stored_password(saved) == PASSWORD
        assert backend.store == {("tallyhour", "smtp:sam@smtp.example.com:587"): PASSWORD}
    db.dispose()
    assert PASSWORD not in repr(dump_url(db_url))
    if db_url.startswith("sqlite"):
        folder = Path(db_url.removeprefix("sqlite:///")).parent
        for file in folder.iterdir():
            assert PASSWORD.encode() not in file.read_bytes(), file


def test_without_a_keyring_nothing_is_stored(db):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a machine with no keyring backend at all
    try:
        saved, stored = configure_smtp(
            db,
            host="smtp.example.com",
            port=465,
            security="ssl",
            user=USER,
            sender="sam@example.com",
            password=PASSWORD,
        )
        assert not stored
        assert mail.stored_password(saved) is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"security": "tls"}, "security"),
        ({"host": "smtp example.com"}, "host"),
        ({"sender": "not-an-address"}, "sender"),
        ({"sender": ""}, "sender"),
        ({"user": ""}, "user"),
    ],
)
def test_bad_settings_are_refused(db, changes, message):
    args = {
        "host": "smtp.example.com",
        "port": 587,
        "security": "starttls",
        "user": USER,
        "sender": "sam@example.com",
    } | changes
    with pytest.raises(UserError, match=message):
        configure_smtp(db, **args)
    assert smtp_settings(db) is None


def test_templates_fill_known_placeholders_only():
    text = fill_template(
        "Week {week} for {contract}: {hours} h, {amount} {0.__class__} {missing}",
        {"week": "2026-W10", "contract": "API", "hours": "2.50", "amount": "$150.00"},
    )
    assert text == "Week 2026-W10 for API: 2.50 h, $150.00 {0.__class__} {missing}"
