"""No password is printed, sent in clear over a wire, or said to be safe when it is not."""

from __future__ import annotations

import io
import json
import re
import socket
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.core.errors import UserError
from app.models.urls import hide_passwords, safe_url, url_without_password
from app.services.mail import Outgoing, SmtpSettings, send
from tests.support.mailserver import PASSWORD, USER, smtp_server

ROOT = Path(__file__).resolve().parents[2]
SECRET = "hunter2-Secret"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql+psycopg://sam:{SECRET}@db.example:5432/books",
        f"postgresql://sam:{SECRET}@10.0.0.5/books?sslmode=require",
        f"mysql://sam:{SECRET}@h/x",
    ],
)
def test_safe_url_hides_the_password_and_keeps_the_rest(url):
    shown = safe_url(url)
    assert SECRET not in shown and "sam:***@" in shown
    assert SECRET not in hide_passwords(f"could not open {url}: refused")


@pytest.mark.parametrize("password", ["p@ss-hunter2", "p:ss-hunter2", "a@b:c@hunter2"])
def test_a_password_holding_at_or_colon_is_hidden_whole(password):
    """Unencoded `@` and `:` in a password: no part of it shows, the host and path stay."""
    url = f"postgresql+psycopg://sam:{password}@db.example:5432/books"
    assert safe_url(url) == "postgresql+psycopg://sam:***@db.example:5432/books"
    assert url_without_password(url) == "postgresql+psycopg://sam@db.example:5432/books"
    said = hide_passwords(f"could not open {url}: refused")
    assert said == "could not open postgresql+psycopg://sam:***@db.example:5432/books: refused"
    for shown in (safe_url(url), url_without_password(url), said):
        assert "hunter2" not in shown and "ss-" not in shown


def test_no_message_interpolates_a_raw_database_url():
    """Every database URL shown to a person goes through `safe_url`."""
    raw = re.compile(r"\{(?:[\w.]+\.)?url(?:![rs])?\}")
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for field in raw.findall(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {field}")
    assert offenders == []


def non_loopback_address() -> str:
    """An address of this machine that is not loopback (a real network interface)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            pytest.skip("this machine has no network address but loopback")
        address = str(probe.getsockname()[0])
    if address.startswith("127.") or address == "0.0.0.0":
        pytest.skip("this machine has no network address but loopback")
    return address


@pytest.fixture
def pdf(tmp_path) -> Path:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def test_no_password_goes_in_clear_to_another_machine(pdf):
    address = non_loopback_address()
    with smtp_server(host=address) as (port, inbox):
        plain = SmtpSettings(address, port, "none", USER, "sam@example.com")
        with pytest.raises(UserError, match="refusing to send the password unencrypted"):
            send(plain, PASSWORD, Outgoing("client@example.org", "s", "b", pdf))
    assert inbox.logins == [] and inbox.messages == []


def test_starttls_never_falls_back_to_plain(pdf):
    with smtp_server() as (port, inbox):
        wanted = SmtpSettings("127.0.0.1", port, "starttls", USER, "sam@example.com")
        with pytest.raises(UserError, match="does not support"):
            send(wanted, PASSWORD, Outgoing("client@example.org", "s", "b", pdf))
    assert inbox.logins == [] and inbox.messages == []


def test_plain_smtp_on_this_machine_still_works(pdf):
    with smtp_server() as (port, inbox):
        send(
            SmtpSettings("127.0.0.1", port, "none", USER, "sam@example.com"),
            PASSWORD,
            Outgoing("client@example.org", "s", "b", pdf),
        )
    assert inbox.logins == [USER] and len(inbox.messages) == 1


def smtp_args(host: str, port: str, *flags: str) -> list[str]:
    where = ["--host", host, "--port", port]
    return ["config", "smtp", *where, "--user", "sam", "--from", "sam@example.com", *flags]


def shown_smtp(cli) -> dict | None:
    code, out, err = cli("config", "show", "--json")
    assert code == 0, err
    return json.loads(out)["smtp"]


@pytest.mark.parametrize(
    ("port", "security"), [("587", "starttls"), ("465", "ssl"), ("25", "starttls")]
)
def test_the_port_decides_the_encryption_unless_told(cli, port, security):
    code, out, err = cli(*smtp_args("smtp.example.com", port))
    assert code == 0, err
    assert f"({security})" in out
    assert shown_smtp(cli)["security"] == security


def test_plain_needs_insecure_and_warns(cli):
    code, _, err = cli(*smtp_args("127.0.0.1", "1025", "--insecure"))
    assert code == 0, err
    assert "warning" in err and "not encrypted" in err
    assert shown_smtp(cli)["security"] == "none"


def test_plain_to_another_machine_is_refused_and_nothing_is_saved(cli):
    code, out, err = cli(*smtp_args("smtp.example.com", "25", "--insecure"))
    assert code == 2 and out == ""
    assert "refusing to send the password unencrypted to smtp.example.com" in err
    assert shown_smtp(cli) is None


def test_a_plain_text_keyring_is_named_as_such(cli, tmp_path, monkeypatch):
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{SECRET}\n"))
        code, out, err = cli(*smtp_args("smtp.example.com", "587", "--password-stdin"))
    finally:
        keyring.set_keyring(previous)
    assert code == 0, err
    assert "plain-text file, NOT encrypted" in out
    assert "OS keyring" not in out
    assert SECRET not in out + err


def test_without_a_keyring_the_hint_does_not_advise_storing(cli, tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert cli("client", "add", "Acme", "--email", "a@b.example")[0] == 0
        assert cli("contract", "add", "Job", "--client", "Acme", "--hourly", "50")[0] == 0
        assert cli(*smtp_args("smtp.example.com", "587"))[0] == 0
        code, _, err = cli("timesheet", "Job", "--week", "2026-W49", "--send")
    finally:
        keyring.set_keyring(previous)
    assert code == 2
    assert "no keyring" in err and "--password-stdin" not in err
