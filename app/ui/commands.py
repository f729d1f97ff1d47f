"""Undoable entry actions for the window's QUndoStack: delete, add, edit and split.

Each action is done as an operation before its command is pushed (so a refused action
never enters the stack); the command's first `redo` is therefore a no-op. Undo and redo
are operations too: `apply` and `revert` run on the writer thread, in the order they were
asked for, each as one transaction (undoing a split takes the second part away and gives
the first its end back together). A restored entry comes back with a new id, which the
command follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.services.entries import delete_entry, edit_entry, restore_entry, split_entry
from app.services.records import EntryInfo
from app.ui.context import AppContext
from app.ui.worker import describe_error


class EntryCommand(QUndoCommand):
    """Common plumbing: skip the first redo, report refusals and drop refused commands."""

    def __init__(self, ctx: AppContext, failed: Callable[[str], None], text: str) -> None:
        super().__init__(text)
        self.ctx, self.failed = ctx, failed
        self.db, self.clock = ctx.db, ctx.clock
        self._first = True

    def redo(self) -> None:
        """Do the action again (not the first time: it was done before the push)."""
        if self._first:
            self._first = False
            return
        self._attempt(self.apply)

    def undo(self) -> None:
        """Take the action back."""
        self._attempt(self.revert)

    def apply(self) -> None:
        """Perform the action through the services."""
        raise NotImplementedError

    def revert(self) -> None:
        """Reverse the action through the services."""
        raise NotImplementedError

    def _attempt(self, step: Callable[[], None]) -> None:
        """Run a step as an operation; on refusal report it and drop this command."""
        if self.isObsolete():
            return

        def refused(error: Exception) -> None:
            self.setObsolete(True)
            self.failed(f"Cannot {self.text().lower()}: {describe_error(error, self.db.url)}")

        self.ctx.run(step, initiator=self, on_failure=refused)


class DeleteEntryCommand(EntryCommand):
    """Delete an entry; undo puts it back."""

    def __init__(self, ctx: AppContext, failed: Callable[[str], None], deleted: EntryInfo) -> None:
        super().__init__(ctx, failed, "delete entry")
        self.entry = deleted

    def apply(self) -> None:
        """Delete the entry again."""
        self.entry = delete_entry(self.db, self.entry.id, now=self.clock())

    def revert(self) -> None:
        """Restore the deleted entry."""
        self.entry = restore_entry(self.db, self.entry, now=self.clock())


class AddEntryCommand(EntryCommand):
    """Add an entry; undo deletes it."""

    def __init__(self, ctx: AppContext, failed: Callable[[str], None], added: EntryInfo) -> None:
        super().__init__(ctx, failed, "add entry")
        self.entry = added

    def apply(self) -> None:
        """Add the entry again."""
        self.entry = restore_entry(self.db, self.entry, now=self.clock())

    def revert(self) -> None:
        """Delete the added entry."""
        self.entry = delete_entry(self.db, self.entry.id, now=self.clock())


class EditEntryCommand(EntryCommand):
    """Change an entry's start, end or memo; undo sets the old values back."""

    def __init__(
        self, ctx: AppContext, failed: Callable[[str], None], before: EntryInfo, after: EntryInfo
    ) -> None:
        super().__init__(ctx, failed, "edit entry")
        self.before, self.after = before, after

    def apply(self) -> None:
        """Set the edited values."""
        self._set(self.after)

    def revert(self) -> None:
        """Set the values from before the edit."""
        self._set(self.before)

    def _set(self, values: EntryInfo) -> None:
        """Write an entry's start, end and memo."""
        edit_entry(
            self.db,
            values.id,
            start=values.start,
            end=values.end,
            memo=values.memo,
            now=self.clock(),
        )


class SplitEntryCommand(EntryCommand):
    """Split an entry in two; undo joins them again."""

    def __init__(
        self, ctx: AppContext, failed: Callable[[str], None], first: EntryInfo, second: EntryInfo
    ) -> None:
        super().__init__(ctx, failed, "split entry")
        self.first, self.second = first, second

    def apply(self) -> None:
        """Cut the entry at the same instant again."""
        self.first, self.second = split_entry(
            self.db, self.first.id, self.second.start, now=self.clock()
        )

    def revert(self) -> None:
        """Remove the second part and give the first its old end back."""
        end: datetime | None = self.second.end
        delete_entry(self.db, self.second.id, now=self.clock())
        edit_entry(self.db, self.first.id, end=end, now=self.clock())


def when_undone(stack: QUndoStack, callback: Callable[[], None]) -> None:
    """Call `callback` once, when the command just pushed onto `stack` is undone."""
    done_at = stack.index()

    def moved(index: int) -> None:
        """The stack moved: below `done_at` the command was undone."""
        if index < done_at:
            stack.indexChanged.disconnect(moved)
            callback()

    stack.indexChanged.connect(moved)
