"""File → Import…: preview another tracker's or Upwork's export, map its projects, import it.

Reading the file and the dry run run on the worker, the import on the window's writer;
the progress bar follows the rows written. The file imports whole or not at all, in one
transaction, as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.money import parse_amount
from app.core.text import counted, quoted
from app.importers import PARSERS
from app.importers.records import ParsedFile, ReadOptions
from app.importers.times import DATE_FORMATS
from app.services.import_targets import Mapping
from app.services.imports import ImportResult, import_parsed, read_export
from app.ui.context import AppContext
from app.ui.file_dialogs import ask_open_path
from app.ui.import_tables import (
    fill_mapping,
    fill_preview,
    mapping_pairs,
    mapping_table,
    preview_table,
)
from app.ui.theme import colors, css
from app.ui.worker import error_sentence

#: Rows shown in the preview; the import takes them all.
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class Preview:
    """A read file and what importing it would do."""

    parsed: ParsedFile
    result: ImportResult


class _Progress(QObject):
    """Carries (rows written, rows in all) from the worker thread to the progress bar."""

    changed = Signal(int, int)


class ImportWizard(QDialog):
    """Choose a file and format, preview it, map projects to contracts, import it."""

    def __init__(self, parent: QWidget | None, ctx: AppContext) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import history")
        self.resize(920, 640)
        self.ctx, self.db, self.worker = ctx, ctx.db, ctx.worker
        self.preview: Preview | None = None
        self.imported: ImportResult | None = None
        self.format = QComboBox()
        self.format.addItems(sorted(PARSERS))
        self.path = QLineEdit()
        self.path.setPlaceholderText("the exported file")
        self.date_format = QComboBox()
        self.date_format.addItem("Work it out from the dates", None)
        for name in DATE_FORMATS:
            self.date_format.addItem(name, name)
        self.zone = QLineEdit()
        self.zone.setPlaceholderText("this computer's (e.g. Europe/Berlin)")
        self.client = QLineEdit()
        self.client.setPlaceholderText("from the file, else the project's name")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("from the file, else 0.00")
        self.rows = preview_table()
        self.mapping = mapping_table()
        self.problems = QListWidget()
        self.summary = QLabel("Choose a file and press Preview.")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        keep_room = self.progress.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # the buttons stay put when it shows
        self.progress.setSizePolicy(keep_room)
        self.progress.setVisible(False)
        self.preview_button = QPushButton("&Preview")
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self._layout()

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> ImportResult | None:
        """Show the wizard; what was imported, or None."""
        wizard = cls(parent, ctx)
        wizard.exec()
        return wizard.imported

    def _layout(self) -> None:
        """Options on top, then the preview, the mapping and the problems."""
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self._choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        form.addRow("File", file_row)
        form.addRow("Time &zone", self.zone)
        form.addRow("&Dates", self.date_format)
        form.addRow("C&lient", self.client)
        form.addRow("&Rate", self.rate)
        self.problems.setMaximumHeight(110)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        tables = QHBoxLayout()
        tables.addWidget(self.rows, 3)
        tables.addWidget(self.mapping, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addLayout(tables, 1)
        layout.addWidget(QLabel("Problems (by line; these records are left out):"))
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

    def _choose_file(self) -> None:
        """Pick the export file."""
        path = ask_open_path(
            self,
            "Import history",
            Path.home(),
            "Exports (*.csv *.json *);;All files (*)",
            db=self.db,
        )
        if path is not None:
            self.path.setText(str(path))

    def run_preview(self) -> None:
        """Read the file and dry-run it off the GUI thread."""
        try:
            options, mapping = self._options(), self._mapping()
        except UserError as error:
            self._fail(error)
            return
        path, name, db = Path(self.path.text().strip()), self.format.currentText(), self.db

        def work() -> Preview:
            parsed = read_export(db, path, name, options)
            return Preview(parsed, import_parsed(db, parsed, mapping=mapping, dry_run=True))

        self._busy("Reading the file…")
        self.worker.submit(work, self._show_preview, self._fail)

    def run_import(self) -> None:
        """Write the previewed file on the writer, one transaction, the progress bar following."""
        if self.preview is None:
            return
        try:
            mapping = self._mapping()
        except UserError as error:
            self._fail(error)
            return
        parsed, db, progress = self.preview.parsed, self.db, self._progress.changed.emit
        self._busy("Importing…")
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.ctx.run(
            lambda: import_parsed(db, parsed, mapping=mapping, progress=progress),
            self._show_imported,
            initiator=self,
            on_failure=self._fail,
        )

    def _options(self) -> ReadOptions:
        """How to read the file's times."""
        zone_name, date_format = self.zone.text().strip(), self.date_format.currentData()
        if not zone_name:
            return ReadOptions(date_format=date_format)
        try:
            return ReadOptions(zone=ZoneInfo(zone_name), date_format=date_format)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserError(
                f"unknown time zone {quoted(zone_name, 40)}; use a name like Europe/Berlin"
            ) from None

    def _mapping(self) -> Mapping:
        """The mapping table, the client and the rate as a `Mapping`."""
        pairs = mapping_pairs(self.mapping)
        rate_text = self.rate.text().strip()
        rate: Decimal | None = parse_amount(rate_text, what="rate") if rate_text else None
        return Mapping.from_pairs(pairs, client=self.client.text().strip() or None, rate=rate)

    def _show_preview(self, preview: object) -> None:
        """Fill the tables from a dry run."""
        assert isinstance(preview, Preview)
        self.preview = preview
        parsed, result = preview.parsed, preview.result
        fill_preview(self.rows, parsed, PREVIEW_ROWS)
        if not self.mapping.rowCount():
            fill_mapping(self.mapping, parsed)
        self._fill_problems(result)
        new = ", ".join(result.contracts_added) or "none"
        self._done(
            f"Would add {counted(result.entries_added, 'entry')} and"
            f" {counted(result.statement_lines_added, 'statement line')};"
            f" {counted(result.entries_skipped, 'entry')} skipped (already imported or"
            f" overlapping). New contracts: {new}. Rename a contract in the table to map a"
            " project onto one you have."
        )
        self.import_button.setEnabled(result.entries_added + result.statement_lines_added > 0)

    def _show_imported(self, result: object) -> None:
        """Report the import."""
        assert isinstance(result, ImportResult)
        self.imported = result
        self.progress.setValue(self.progress.maximum())
        self._fill_problems(result)
        self.import_button.setEnabled(False)
        self._done(
            f"Imported {counted(result.entries_added, 'entry')} and"
            f" {counted(result.statement_lines_added, 'statement line')};"
            f" {result.entries_skipped:,} skipped."
        )

    def _fill_problems(self, result: ImportResult) -> None:
        """One line per problem."""
        self.problems.clear()
        self.problems.addItems([f"line {p.line}: {p.reason}" for p in result.problems])

    def _show_progress(self, done: int, total: int) -> None:
        """Move the progress bar (on the GUI thread)."""
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _busy(self, text: str) -> None:
        """Say what runs; no second job meanwhile."""
        self.summary.setStyleSheet("")
        self.summary.setText(text)
        self.preview_button.setEnabled(False)
        self.import_button.setEnabled(False)

    def _done(self, text: str) -> None:
        """Say what happened and accept input again."""
        self.summary.setStyleSheet("")
        self.summary.setText(text)
        self.preview_button.setEnabled(True)

    def _fail(self, error: Exception) -> None:
        """Show a refusal in the dialog (nothing was written)."""
        self.summary.setStyleSheet(f"color: {css(colors().danger)};")
        self.summary.setText(error_sentence(error))
        self.preview_button.setEnabled(True)
        self.import_button.setEnabled(self.preview is not None)
        self.progress.setVisible(False)


def open_import_wizard(parent: QWidget, ctx: AppContext, refresh: Callable[[], None]) -> None:
    """File → Import…: run the wizard, then show the imported data everywhere."""
    if ImportWizard.ask(parent, ctx) is not None:
        refresh()
