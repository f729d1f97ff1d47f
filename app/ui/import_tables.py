"""The import wizard's two tables: a preview of the file's records, and the project mapping."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from app.importers.records import ParsedFile
from app.ui import formatting as fmt


def preview_table() -> QTableWidget:
    """A read-only table for the first records of a file."""
    table = _table(["Line", "Project", "When (UTC)", "Hours / amount", "Memo"])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    for column in (0, 2, 3):
        table.horizontalHeader().setSectionResizeMode(
            column, QHeaderView.ResizeMode.ResizeToContents
        )
    return table


def mapping_table() -> QTableWidget:
    """A table of the file's projects, each with the contract it goes to (editable)."""
    return _table(["Project in the file", "Contract in Tallyhour"])


def fill_preview(table: QTableWidget, parsed: ParsedFile, limit: int) -> None:
    """Show the file's first `limit` records: entries, then statement lines."""
    cells: list[tuple[str, str, str, str, str]] = [
        (str(e.line), " / ".join(e.projects), f"{e.start:%Y-%m-%d %H:%M}",
         fmt.hours_words(int((e.end - e.start).total_seconds())), e.memo)
        for e in parsed.entries[:limit]
    ] + [
        (str(s.line), s.project or "—", f"{s.at:%Y-%m-%d} ({s.week.label})",
         f"{s.amount:,.2f} {s.currency}", f"{s.kind}: {s.description}")
        for s in parsed.statement_lines[: max(0, limit - len(parsed.entries))]
    ]  # fmt: skip
    table.setRowCount(len(cells))
    for row, values in enumerate(cells):
        for column, text in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(" ".join(text.split())))


def fill_mapping(table: QTableWidget, parsed: ParsedFile) -> None:
    """One row per project of the file, first mapped to a contract of its own name."""
    projects = dict.fromkeys(
        [e.projects[0] for e in parsed.entries]
        + [s.project for s in parsed.statement_lines if s.project]
    )
    table.setRowCount(len(projects))
    for row, project in enumerate(projects):
        fixed = QTableWidgetItem(project)
        fixed.setFlags(fixed.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(row, 0, fixed)
        table.setItem(row, 1, QTableWidgetItem(project))


def mapping_pairs(table: QTableWidget) -> list[str]:
    """`Project=Contract` for every project the user mapped onto another contract."""
    pairs = []
    for row in range(table.rowCount()):
        project, contract = table.item(row, 0), table.item(row, 1)
        if project and contract and contract.text().strip() and contract.text() != project.text():
            pairs.append(f"{project.text()}={contract.text().strip()}")
    return pairs


def _table(captions: list[str]) -> QTableWidget:
    """A table with these column captions, stretched, without row numbers."""
    table = QTableWidget(0, len(captions))
    table.setHorizontalHeaderLabels(captions)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table
