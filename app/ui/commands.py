"""Undoable entry actions for the window's QUndoStack: delete, add, edit and split.

Each action is done through the services before its command is pushed (so a refused
action never enters the stack); the command's first `redo` is therefore a no-op. A
restored entry comes back with a new id, which the command follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.clock import Clock
from app.core.errors import UserError
from app.models.database import Database
from app.services.entries import delete_entry, edit_entry, restore_entry, split_entry
from app.services.records import EntryInfo


@dataclass(frozen=True)
class CommandContext:
    """What commands need: the database, the clock, and how to report back."""

    db: Database
    clock: Clock
    #: Called after any undo or redo that changed data.
    changed: Callable[[], None]
    #: Called with the service's message when an undo or redo is refused.
    failed: Callable[[str], None]


class EntryCommand(QUndoCommand):
    """Common plumbing: skip the first redo, report refusals and drop refused commands."""

    def __init__(self, ctx: CommandContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
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
        """Run a step; on refusal report it and drop this command from the stack."""
        try:
            step()
        except UserError as error:
            self.setObsolete(True)
            self.ctx.failed(f"Cannot {self.text().lower()}: {error}")
        self.ctx.changed()


class DeleteEntryCommand(EntryCommand):
    """Delete an entry; undo puts it back."""

    def __init__(self, ctx: CommandContext, deleted: EntryInfo) -> None:
        super().__init__(ctx, "delete entry")
        self.entry = deleted

    def apply(self) -> None:
        """Delete the entry again."""
        self.entry = delete_entry(self.ctx.db, self.entry.id, now=self.ctx.clock())

    def revert(self) -> None:
        """Restore the deleted entry."""
        self.entry = restore_entry(self.ctx.db, self.entry, now=self.ctx.clock())


class AddEntryCommand(EntryCommand):
    """Add an entry; undo deletes it."""

    def __init__(self, ctx: CommandContext, added: EntryInfo) -> None:
        super().__init__(ctx, "add entry")
        self.entry = added

    def apply(self) -> None:
        """Add the entry again."""
        self.entry = restore_entry(self.ctx.db, self.entry, now=self.ctx.clock())

    def revert(self) -> None:
        """Delete the added entry."""
        self.entry = delete_entry(self.ctx.db, self.entry.id, now=self.ctx.clock())


class EditEntryCommand(EntryCommand):
    """Change an entry's start, end or memo; undo sets the old values back."""

    def __init__(self, ctx: CommandContext, before: EntryInfo, after: EntryInfo) -> None:
        super().__init__(ctx, "edit entry")
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
            self.ctx.db,
            values.id,
            start=values.start,
            end=values.end,
            memo=values.memo,
            now=self.ctx.clock(),
        )


class SplitEntryCommand(EntryCommand):
    """Split an entry in two; undo joins them again."""

    def __init__(self, ctx: CommandContext, first: EntryInfo, second: EntryInfo) -> None:
        super().__init__(ctx, "split entry")
        self.first, self.second = first, second

    def apply(self) -> None:
        """Cut the entry at the same instant again."""
        self.first, self.second = split_entry(
            self.ctx.db, self.first.id, self.second.start, now=self.ctx.clock()
        )

    def revert(self) -> None:
        """Remove the second part and give the first its old end back."""
        end: datetime | None = self.second.end
        delete_entry(self.ctx.db, self.second.id, now=self.ctx.clock())
        edit_entry(self.ctx.db, self.first.id, end=end, now=self.ctx.clock())


def when_undone(stack: QUndoStack, callback: Callable[[], None]) -> None:
    """Call `callback` once, when the command just pushed onto `stack` is undone."""
    done_at = stack.index()

    def moved(index: int) -> None:
        """The stack moved: below `done_at` the command was undone."""
        if index < done_at:
            stack.indexChanged.disconnect(moved)
            callback()

    stack.indexChanged.connect(moved)
