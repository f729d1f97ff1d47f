"""File → Move to a server…: the dialog copies every table off the GUI thread."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from app.services.clients import add_client, list_clients
from app.services.opening import open_database
from app.ui.dialogs.move_database import MoveDatabaseDialog
from app.ui.worker import Worker
from tests.conftest import NOW


def open_dialog(qtbot, db):
    worker = Worker()
    dialog = MoveDatabaseDialog(None, db, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, worker


def copy(qtbot, dialog, url, password=""):
    dialog.url.setText(url)
    dialog.password.setText(password)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.url.isEnabled(), timeout=30_000)


def test_the_dialog_copies_every_table_into_an_empty_file(qtbot, db, tmp_path):
    add_client(db, "Acme <b>&</b>", now=NOW)
    dialog, worker = open_dialog(qtbot, db)
    target = tmp_path / "moved.sqlite"

    copy(qtbot, dialog, str(target))

    assert dialog.result() == MoveDatabaseDialog.DialogCode.Accepted
    assert dialog.report is not None and dialog.report.copy.rows["clients"] == 1
    assert dialog.report.target == f"sqlite:///{target}"
    moved = open_database(f"sqlite:///{target}")
    assert [c.name for c in list_clients(moved)] == ["Acme <b>&</b>"]
    moved.dispose()
    worker.close()


def test_a_target_with_data_is_refused_in_the_dialog(qtbot, db, tmp_path):
    add_client(db, "Acme", now=NOW)
    target = tmp_path / "busy.sqlite"
    other = open_database(f"sqlite:///{target}")
    add_client(other, "Someone else", now=NOW)
    other.dispose()
    dialog, worker = open_dialog(qtbot, db)

    copy(qtbot, dialog, str(target))

    assert dialog.isVisible() and dialog.report is None
    assert "already holds data; copy only into an empty database" in dialog.error.text()
    worker.close()


def test_the_window_has_the_menu_entry(make_window, seeded):
    window = make_window()
    assert window.actions_by_name["move"].text() == "&Move to a server…"


def test_a_password_typed_in_the_dialog_goes_to_the_keyring(qtbot, db):
    from tests.support.mailserver import memory_keyring
    from tests.support.postgres import create_database, database_url, drop_database

    add_client(db, "Acme", now=NOW)
    name = create_database()
    full = make_url(database_url(name))
    bare = full._replace(password=None).render_as_string(hide_password=False)
    try:
        with memory_keyring() as keyring:
            dialog, worker = open_dialog(qtbot, db)
            copy(qtbot, dialog, bare, password=full.password)
            assert dialog.report is not None, dialog.error.text()
            assert list(keyring.store.values()) == [full.password]
            assert full.password not in dialog.report.target
            worker.close()
            moved = open_database(bare)
            assert [c.name for c in list_clients(moved)] == ["Acme"]
            moved.dispose()
    finally:
        drop_database(name)


def test_an_unreachable_server_is_one_plain_line_without_the_password(qtbot, db):
    from tests.support.mailserver import memory_keyring

    with memory_keyring():
        dialog, worker = open_dialog(qtbot, db)
        copy(qtbot, dialog, "postgresql://sam@127.0.0.1:9/tallyhour", password="pw-Secret-31")
        text = dialog.error.text()
        worker.close()
    assert dialog.isVisible() and dialog.report is None
    assert text.startswith("The copy failed, nothing was changed: ")
    assert "127.0.0.1" in text and "pw-Secret-31" not in text
    assert "\n" not in text
