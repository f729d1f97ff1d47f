"""What the week tab's entry buttons do: add time by hand, split an entry, delete one (undoably).

Each change is an operation pushed on the window's undo stack; the week reads itself again
when the change is announced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.weeks import BillingWeek
from app.services.contracts import list_contracts
from app.services.entries import delete_entry
from app.services.records import EntryInfo
from app.ui import formatting as fmt
from app.ui.banner import Level
from app.ui.commands import AddEntryCommand, DeleteEntryCommand, SplitEntryCommand, when_undone
from app.ui.dialogs.entry import ManualEntryDialog, SplitDialog
from app.ui.worker import describe_error

if TYPE_CHECKING:
    from app.ui.week_view import WeekView


def add_by_hand(view: WeekView) -> None:
    """Add manual time through a dialog, then show its week with the new entry selected."""
    selected = view.selected_entry()
    contracts = list_contracts(view.db, now=view.clock())
    added = ManualEntryDialog.ask(
        view,
        view.ctx,
        contracts,
        contract_id=None if selected is None else selected.contract_id,
    )
    if added is None:
        return
    view.undo_stack.push(AddEntryCommand(view.ctx, view.say_refused, added))
    view.select_when_shown(added.id)  # the dialog waited for its write: read it now
    if view.week.contains(added.start):
        view.refresh()
    else:
        view.show_week(BillingWeek.of(added.start))
    view.message.emit(f"Added {fmt.hours_words(added.seconds)} of manual time.", Level.INFO, None)


def split_selected(view: WeekView) -> None:
    """Split the selected entry at a chosen time."""
    entry = _selected_or_hint(view)
    if entry is None:
        return
    if entry.running:
        view.message.emit("Stop the timer before splitting its entry.", Level.INFO, None)
        return
    parts = SplitDialog.ask(view, view.ctx, entry)
    if parts is not None:
        view.undo_stack.push(SplitEntryCommand(view.ctx, view.say_refused, *parts))


def delete_selected(view: WeekView) -> None:
    """Delete the selected entry, offering to undo it from the banner too."""
    entry = _selected_or_hint(view)
    if entry is None:
        return
    db, now = view.db, view.clock()
    view.ctx.run(
        lambda: delete_entry(db, entry.id, now=now),
        lambda deleted: _deleted(view, deleted),
        initiator=view,
        on_failure=lambda error: view.say_refused(describe_error(error, db.url)),
    )


def _deleted(view: WeekView, deleted: EntryInfo) -> None:
    """An entry was deleted: make it undoable, from the banner too."""
    command = DeleteEntryCommand(view.ctx, view.say_refused, deleted)
    view.undo_stack.push(command)
    text = f"Deleted {fmt.hours_words(deleted.seconds)} on {deleted.contract_title}."
    view.message.emit(text, Level.INFO, ("Undo", lambda: _undo_if_last(view, command)))
    # Undone by Ctrl+Z or Edit → Undo instead: the banner's "Undo" offer is spent.
    when_undone(view.undo_stack, lambda: view.message_withdrawn.emit(text))


def _undo_if_last(view: WeekView, command: DeleteEntryCommand) -> None:
    """Undo a deletion from its banner, if nothing was done since."""
    stack = view.undo_stack
    last = stack.index() - 1
    if last >= 0 and stack.command(last) is command:
        stack.undo()
    else:
        view.message.emit("Use Edit → Undo: other changes came after.", Level.INFO, None)


def _selected_or_hint(view: WeekView) -> EntryInfo | None:
    """The selected entry, or a hint to select one."""
    entry = view.selected_entry()
    if entry is None:
        view.message.emit("Select an entry in the table first.", Level.INFO, None)
    return entry
