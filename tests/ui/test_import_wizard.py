"""The import wizard: preview, mapping, problems and progress, the work off the GUI thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.models.database import Database
from app.services import entries
from app.ui.context import AppContext
from app.ui.import_wizard import ImportWizard
from tests.importers.conftest import table_counts
from tests.importers.exports import watson_file, watson_frames, write

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
def wizard(qtbot: Any, ctx: AppContext) -> ImportWizard:
    """A wizard on the test database with a context of its own."""
    dialog = ImportWizard(None, ctx)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_then_import_with_a_project_mapped_onto_a_contract(
    qtbot: Any, wizard: ImportWizard, db: Database, job: str, tmp_path: Path
) -> None:
    frames = watson_frames(900, start=START, projects=2)
    frames.append([frames[0][0] + 60, frames[0][1], "project-0", "e" * 32, [], 0])  # an overlap
    wizard.format.setCurrentText("watson")
    wizard.path.setText(str(watson_file(tmp_path / "frames", frames)))
    before = table_counts(db)
    wizard.show()
    qtbot.waitExposed(wizard)
    place = wizard.import_button.mapTo(wizard, wizard.import_button.rect().topLeft())
    wizard.preview_button.click()
    qtbot.waitUntil(wizard.import_button.isEnabled, timeout=20_000)
    assert table_counts(db) == before  # the preview is a dry run
    assert wizard.rows.rowCount() == 200 and wizard.mapping.rowCount() == 2
    assert "Would add 900 entries" in wizard.summary.text()
    assert wizard.problems.item(0).text().startswith("line 901: overlaps line 1")
    wizard.mapping.item(0, 1).setText("API work")
    wizard.import_button.click()
    qtbot.waitUntil(lambda: wizard.imported is not None, timeout=20_000)
    assert wizard.imported.entries_added == 900 and wizard.imported.contracts_added == ["project-1"]
    assert wizard.progress.value() == wizard.progress.maximum() == 900
    assert wizard.progress.isVisible()  # it came, and the buttons did not move for it
    assert wizard.import_button.mapTo(wizard, wizard.import_button.rect().topLeft()) == place
    on_job = entries.list_entries(db, start=START, end=START + timedelta(days=60), contract=job)
    assert len(on_job) == 450


def test_a_broken_file_is_refused_in_the_dialog_and_nothing_is_written(
    qtbot: Any, wizard: ImportWizard, db: Database, tmp_path: Path
) -> None:
    wizard.format.setCurrentText("toggl")
    wizard.path.setText(str(write(tmp_path / "t.csv", "just,some\r\ncells,here\r\n")))
    before = table_counts(db)
    wizard.preview_button.click()
    qtbot.waitUntil(wizard.preview_button.isEnabled, timeout=10_000)
    assert "not a Toggl Track detailed CSV" in wizard.summary.text()
    assert not wizard.import_button.isEnabled() and table_counts(db) == before


def test_a_bad_time_zone_or_rate_is_refused_before_reading(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path
) -> None:
    wizard.path.setText(str(tmp_path / "frames"))
    wizard.zone.setText("Mars/Olympus")
    wizard.preview_button.click()
    assert wizard.summary.text().startswith("Unknown time zone “Mars/Olympus”")
    wizard.zone.setText("")
    wizard.rate.setText("-3")
    wizard.preview_button.click()
    assert "must not be negative" in wizard.summary.text()


def test_imported_time_says_imported_in_the_week_view(
    qtbot: Any, make_window: Any, db: Database, tmp_path: Path
) -> None:
    from app.services.imports import import_file
    from app.ui.week_cells import WeekColumn
    from tests.conftest import NOW

    monday = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    import_file(db, "watson", watson_file(tmp_path / "f", watson_frames(2, start=monday)), now=NOW)
    window = make_window()
    model = window.week_view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    cells = [model.index(row, WeekColumn.STATUS) for row in range(model.rowCount())]
    statuses = [cell.data() for cell in cells if cell.data()]
    assert statuses and all(status.startswith("Imported") for status in statuses)
    tips = [cell.data(Qt.ItemDataRole.ToolTipRole) or "" for cell in cells]
    assert any("imported from another tracker" in tip for tip in tips)


def test_dates_that_read_both_ways_take_the_format_chosen_in_the_wizard(
    qtbot: Any, wizard: ImportWizard, db: Database, tmp_path: Path
) -> None:
    from tests.importers.exports import TOGGL_HEADER, csv_text, toggl_rows

    rows = toggl_rows(2, first_day=datetime(2026, 1, 5, 9, 0))
    for row in rows:
        row[7] = row[9] = "03/02/2026"
    wizard.format.setCurrentText("toggl")
    wizard.path.setText(str(write(tmp_path / "t.csv", csv_text(TOGGL_HEADER, rows))))
    wizard.zone.setText("UTC")
    wizard.preview_button.click()
    qtbot.waitUntil(wizard.preview_button.isEnabled, timeout=10_000)
    assert "could be MM/DD/YYYY or DD/MM/YYYY" in wizard.summary.text()
    wizard.date_format.setCurrentText("DD/MM/YYYY")
    wizard.preview_button.click()
    qtbot.waitUntil(wizard.import_button.isEnabled, timeout=10_000)
    assert wizard.rows.item(0, 2).text().startswith("2026-02-03")
